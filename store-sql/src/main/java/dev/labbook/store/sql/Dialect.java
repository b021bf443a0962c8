package dev.labbook.store.sql;

/**
 * The two databases the store speaks to, and what differs between them. PostgreSQL keeps
 * documents in {@code jsonb} as well as exact text and compares text by code point
 * ({@code COLLATE "C"}), so queries on documents, tags and text order run in SQL; H2 has
 * neither JSON path operators nor a code-point collation by default, so there documents and
 * string order are read by the store's own functions (schema version 5, {@link H2Functions})
 * and only {@code tags contains} narrows the rows in SQL and finishes in Java (see
 * {@link SqlQuery}). Metric conditions and sorts run in SQL on both.
 */
enum Dialect {
  POSTGRESQL("postgresql", "PostgreSQL"),
  H2("h2", "H2");

  private final String migrationFolder;
  private final String productName;

  Dialect(String migrationFolder, String productName) {
    this.migrationFolder = migrationFolder;
    this.productName = productName;
  }

  /** Where this database's Flyway migrations live on the class path. */
  String migrationLocation() {
    return "classpath:dev/labbook/store/sql/migration/" + migrationFolder;
  }

  /** The database's product name as JDBC metadata gives it, from which Hibernate picks its dialect. */
  String productName() {
    return productName;
  }

  /** Whether documents have a queryable jsonb twin of their exact text. */
  boolean hasJsonb() {
    return this == POSTGRESQL;
  }

  /** A jsonb parameter as this database takes it: a cast from text. */
  String jsonParam() {
    return this == POSTGRESQL ? "CAST(? AS jsonb)" : "?";
  }

  /** Whether string comparisons and sorts in SQL follow Unicode code points. */
  boolean codePointStrings() {
    return this == POSTGRESQL;
  }
}
