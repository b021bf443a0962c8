package dev.labbook.bench;

/** The backends every workload runs on, in table order. */
enum Backend {
  JSON("json"),
  POSTGRESQL("postgresql"),
  H2("h2"),
  /** Labelled with the server: by default mongo-java-server, not a real mongod. */
  MONGODB("mongodb");

  private final String key;

  Backend(String key) {
    this.key = key;
  }

  /** The column name in results. */
  String key() {
    return key;
  }
}
