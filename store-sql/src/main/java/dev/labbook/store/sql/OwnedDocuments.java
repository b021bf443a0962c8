package dev.labbook.store.sql;

import dev.labbook.spi.OwnedDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code lb_owned} table: documents of an experiment or run (states, links) under a space
 * and a name, with a version for compare-and-set. Each call runs in the caller's transaction.
 */
final class OwnedDocuments {
  private static final String COLUMNS =
      "owner_id, space, name, body_text, created_ms, updated_ms, version";

  private OwnedDocuments() {}

  /**
   * Inserts a document; false if the owner has one of that space and name. The owner's
   * experiment (and run) are looked up so that the foreign keys delete it with its owner.
   */
  static boolean insert(Connection connection, OwnedDocument document) throws SQLException {
    String experimentId = null;
    String runId = null;
    try (PreparedStatement owner = connection.prepareStatement(
        "SELECT experiment_id FROM lb_run WHERE id = ?")) {
      owner.setString(1, document.ownerId());
      try (ResultSet row = owner.executeQuery()) {
        if (row.next()) {
          experimentId = row.getString(1);
          runId = document.ownerId();
        }
      }
    }
    if (experimentId == null) {
      experimentId = document.ownerId(); // an experiment, or gone: then the foreign key fails
    }
    if (load(connection, document.ownerId(), document.space(), document.name()).isPresent()) {
      return false;
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lb_owned ("
        + COLUMNS + ", experiment_id, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = bind(insert, document);
      insert.setString(i++, experimentId);
      insert.setString(i, runId);
      insert.executeUpdate();
      return true;
    }
  }

  static Optional<OwnedDocument> load(Connection connection, String ownerId, String space, String name)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
        + " FROM lb_owned WHERE owner_id = ? AND space = ? AND name = ?")) {
      select.setString(1, ownerId);
      select.setString(2, space);
      select.setString(3, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  static boolean replace(Connection connection, OwnedDocument document, long expectedVersion)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE lb_owned SET body_text = ?,"
        + " updated_ms = ?, version = ? WHERE owner_id = ? AND space = ? AND name = ? AND version = ?")) {
      update.setString(1, ExactJson.write(document.body()));
      update.setLong(2, document.updated().toEpochMilli());
      update.setLong(3, document.version());
      update.setString(4, document.ownerId());
      update.setString(5, document.space());
      update.setString(6, document.name());
      update.setLong(7, expectedVersion);
      return update.executeUpdate() == 1;
    }
  }

  static boolean remove(Connection connection, String ownerId, String space, String name)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM lb_owned WHERE owner_id = ? AND space = ? AND name = ?")) {
      delete.setString(1, ownerId);
      delete.setString(2, space);
      delete.setString(3, name);
      return delete.executeUpdate() == 1;
    }
  }

  static List<OwnedDocument> list(Connection connection, String ownerId, String space) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
        + " FROM lb_owned WHERE owner_id = ? AND space = ?")) {
      select.setString(1, ownerId);
      select.setString(2, space);
      List<OwnedDocument> found = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          found.add(read(row));
        }
      }
      return found;
    }
  }

  private static int bind(PreparedStatement statement, OwnedDocument document) throws SQLException {
    int i = 1;
    statement.setString(i++, document.ownerId());
    statement.setString(i++, document.space());
    statement.setString(i++, document.name());
    statement.setString(i++, ExactJson.write(document.body()));
    statement.setLong(i++, document.created().toEpochMilli());
    statement.setLong(i++, document.updated().toEpochMilli());
    statement.setLong(i++, document.version());
    return i;
  }

  private static OwnedDocument read(ResultSet row) throws SQLException {
    return new OwnedDocument(row.getString(1), row.getString(2), row.getString(3),
        ExactJson.readObject(row.getString(4)), Instant.ofEpochMilli(row.getLong(5)),
        Instant.ofEpochMilli(row.getLong(6)), row.getLong(7));
  }
}
