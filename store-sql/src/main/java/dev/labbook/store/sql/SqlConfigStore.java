package dev.labbook.store.sql;

import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.StoreContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Configs in {@code lb_config}, one row per (kind, name), the primary key. */
final class SqlConfigStore extends ConfigStore {
  private final Database database;
  private final Dialect dialect;

  SqlConfigStore(StoreContext context, Database database) {
    super(context);
    this.database = database;
    this.dialect = database.dialect();
  }

  @Override
  protected void insertConfigs(List<ConfigDocument> documents) {
    String sql = dialect.hasJsonb()
        ? "INSERT INTO lb_config (kind, name, body_text, body, hash, created_ms) VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?)"
        : "INSERT INTO lb_config (kind, name, body_text, hash, created_ms) VALUES (?, ?, ?, ?, ?)";
    database.inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        for (ConfigDocument document : documents) {
          String text = ExactJson.write(document.body());
          int i = 1;
          insert.setString(i++, document.kind());
          insert.setString(i++, document.name());
          insert.setString(i++, text);
          if (dialect.hasJsonb()) {
            insert.setString(i++, text);
          }
          insert.setString(i++, document.hash());
          insert.setLong(i, document.created().toEpochMilli());
          try {
            insert.executeUpdate();
          } catch (SQLException e) {
            if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
              // The whole transaction rolls back: none of the batch is stored.
              throw new DuplicateNameException(document.kind(), document.name());
            }
            throw e;
          }
        }
      }
      return null;
    });
  }

  @Override
  protected Optional<ConfigDocument> loadConfig(String kind, String name) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT body_text, hash, created_ms FROM lb_config WHERE kind = ? AND name = ?")) {
        select.setString(1, kind);
        select.setString(2, name);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          return Optional.of(new ConfigDocument(kind, name, ExactJson.readObject(row.getString(1)),
              row.getString(2), Instant.ofEpochMilli(row.getLong(3))));
        }
      }
    });
  }

  @Override
  protected Stream<String> configNames(String kind) {
    List<String> names = database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT name FROM lb_config WHERE kind = ?")) {
        select.setString(1, kind);
        List<String> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.add(rows.getString(1));
          }
        }
        return found;
      }
    });
    return names.stream();
  }

  @Override
  protected boolean removeConfig(String kind, String name) {
    return database.inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM lb_config WHERE kind = ? AND name = ?")) {
        delete.setString(1, kind);
        delete.setString(2, name);
        return delete.executeUpdate() == 1;
      }
    });
  }
}
