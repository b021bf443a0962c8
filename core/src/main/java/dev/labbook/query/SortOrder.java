package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled list of sort keys: extracts a record's sort key (its normalized value for each key,
 * then its id) and compares keys in the total order {@link QueryEvaluator} documents.
 */
final class SortOrder {
  static final String ID = "id";

  private final List<FieldPath> paths;
  private final boolean[] descending;

  SortOrder(List<Sort> sort) {
    if (sort == null) {
      throw new InvalidInputException("the sort keys cannot be null; pass an empty list for id order");
    }
    this.paths = new ArrayList<>(sort.size());
    this.descending = new boolean[sort.size()];
    for (int i = 0; i < sort.size(); i++) {
      Sort s = sort.get(i);
      if (s == null || s.field() == null || s.direction() == null) {
        throw new InvalidInputException("sort key " + i + " is incomplete: " + s);
      }
      paths.add(FieldPath.parse(s.field()));
      descending[i] = s.direction() == Direction.DESC;
    }
  }

  int size() {
    return paths.size();
  }

  /** The view's key: one normalized value per sort key (null when missing), then its id. */
  JsonNode[] keyOf(JsonNode view) {
    JsonNode[] key = new JsonNode[paths.size() + 1];
    for (int i = 0; i < paths.size(); i++) {
      key[i] = paths.get(i).find(view);
    }
    key[paths.size()] = view == null ? null : Values.normalize(view.get(ID));
    return key;
  }

  /** The cursor's key, in the same shape as {@link #keyOf}. */
  JsonNode[] keyOf(Cursor cursor) {
    if (cursor.sortValues().size() != paths.size()) {
      throw new InvalidInputException("the cursor holds " + cursor.sortValues().size()
          + " sort values but the query sorts by " + paths.size() + " keys " + paths
          + "; a cursor only continues the query that made it");
    }
    JsonNode[] key = new JsonNode[paths.size() + 1];
    for (int i = 0; i < paths.size(); i++) {
      key[i] = Values.normalize(cursor.sortValues().get(i));
    }
    key[paths.size()] = TextNode.valueOf(cursor.id());
    return key;
  }

  int compare(JsonNode[] a, JsonNode[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = Values.compareTotal(a[i], b[i]);
      if (c != 0) {
        return i < descending.length && descending[i] ? -c : c;
      }
    }
    return 0;
  }

  /** The cursor just after {@code view}: its sort values as views hold them, and its id. */
  Cursor cursorAfter(JsonNode view) {
    List<JsonNode> values = new ArrayList<>(paths.size());
    for (FieldPath path : paths) {
      JsonNode v = path.find(view);
      values.add(v == null ? NullNode.getInstance() : Values.encode(v));
    }
    JsonNode id = view == null ? null : view.get(ID);
    if (id == null || !id.isTextual()) {
      throw new InvalidInputException("cannot make a cursor after a view without a string id;"
          + " the view's id is " + id);
    }
    return new Cursor(values, id.textValue());
  }
}
