package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a page ended: the sort-key values and the id of its last record. The next page starts
 * strictly after this position in the query's order (keyset paging: stable while records are
 * added or removed elsewhere). {@link #token()} is the opaque string form to hand to clients.
 *
 * @param sortValues the last record's value for each sort key of the query, in order (JSON
 *     null where the field is missing)
 * @param id the last record's id, the final tie-breaker of every order
 */
public record Cursor(List<JsonNode> sortValues, String id) {
  public Cursor {
    sortValues = List.copyOf(sortValues);
  }

  /** An opaque, URL-safe token for this cursor. */
  public String token() {
    throw new UnsupportedOperationException("stub");
  }

  /**
   * Reads a token made by {@link #token()}.
   *
   * @throws dev.labbook.InvalidInputException if the token is not one
   */
  public static Cursor parse(String token) {
    throw new UnsupportedOperationException("stub");
  }
}
