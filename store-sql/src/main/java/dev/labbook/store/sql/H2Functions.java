package dev.labbook.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * H2's stand-in for PostgreSQL's {@code jsonb} operators: static methods that migration V5
 * declares as H2 functions ({@code CREATE ALIAS LB_RANK FOR "dev.labbook.store.sql.H2Functions.rank"}
 * …), so conditions and sorts on document paths run in SQL on H2 too.
 *
 * <p>Each takes a document's exact text (a {@code *_text} column) and a path (a JSON array of
 * the view keys below the document field, {@code ["results","accuracy"]}) and returns one part
 * of the value's place in {@link dev.labbook.query.QueryEvaluator}'s total order, the same parts
 * {@link SqlQuery.Key} names: {@link #rank}, {@link #sub}, {@link #num} (exact, as H2
 * {@code NUMERIC}) and {@link #str} (in {@link #codePointOrder} form, because H2 compares
 * strings by UTF-16 unit). None returns SQL null, so comparisons are two-valued.
 * {@link #codePointOrder} is declared too ({@code LB_CODE_POINTS}), for the order of string
 * columns (names, comments, descriptions); it maps SQL null to null.
 *
 * <p>The document is read as the store reads it ({@link ExactJson}) and the path followed as
 * the evaluator follows it: object keys only, never array indexes, nothing below a tagged
 * double. Nothing is cached between calls: every call parses its arguments.
 */
public final class H2Functions {
  private H2Functions() {}

  /** Sort rank: missing/null 0, boolean 1, number (tagged too) 2, string 3, array/object 4. */
  public static int rank(String document, String path) {
    return key(document, path).rank();
  }

  /** Within a rank: false 0 / true 1; numbers NaN 0, -Infinity 1, finite 2, +Infinity 3; else 0. */
  public static int sub(String document, String path) {
    return key(document, path).sub();
  }

  /** A finite number's exact value, else 0. */
  public static BigDecimal num(String document, String path) {
    return key(document, path).num();
  }

  /** A string in {@link #codePointOrder} form, else the empty string. */
  public static String str(String document, String path) {
    return codePointOrder(key(document, path).str());
  }

  /** Whether the path finds a value (JSON null included). */
  public static boolean present(String document, String path) {
    return find(document, path) != null;
  }

  /**
   * Whether the path finds an array with an element the evaluator calls equal to the literal
   * whose {@link SqlQuery.Key} parts these are (the string as is; tagged doubles are numbers).
   */
  public static boolean arrayContains(String document, String path, int rank, int sub, BigDecimal num,
      String str) {
    JsonNode value = find(document, path);
    if (value == null || !value.isArray() || num == null || str == null) {
      return false;
    }
    SqlQuery.Key wanted = new SqlQuery.Key(rank, sub, num, str);
    for (JsonNode element : value) {
      if (equal(SqlQuery.Key.of(element), wanted)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A string re-encoded so that H2's order (UTF-16 units, {@link String#compareTo}) is the
   * evaluator's (code points, {@code Values.compareStrings}): each unit is ranked as the
   * evaluator ranks it (surrogates above U+E000..U+FFFF), ranks below U+D800 stay one unit and
   * the others become two units from U+E000 up. The code is prefix-free and keeps the order of
   * units, so it keeps the order of strings; it holds no surrogates, and equal strings, and
   * only those, encode equally.
   */
  public static String codePointOrder(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0xD800) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      int rank = (c >= 0xE000 ? c - 0x800 : c + 0x2000) - 0xD800; // 0 .. 0x27FF
      out.append((char) (0xE000 + (rank >> 8))).append((char) (0xE000 + (rank & 0xFF)));
    }
    return out == null ? s : out.toString();
  }

  /** The keys of a path as {@link #rank} and the others take it. */
  static String path(List<String> keys) {
    var array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    keys.forEach(array::add);
    return ExactJson.write(array);
  }

  private static boolean equal(SqlQuery.Key a, SqlQuery.Key b) {
    if (a.rank() != b.rank() || a.rank() == 4) {
      return false; // other kinds are never equal; arrays and objects are never equal
    }
    return switch (a.rank()) {
      case 0 -> true;
      case 1 -> a.sub() == b.sub();
      case 2 -> a.sub() == b.sub() && a.sub() != 0 && a.num().compareTo(b.num()) == 0;
      default -> a.str().equals(b.str());
    };
  }

  private static SqlQuery.Key key(String document, String path) {
    return SqlQuery.Key.of(find(document, path));
  }

  /** The value the path finds, or null when it finds nothing (as {@code FieldPath.find}). */
  private static JsonNode find(String document, String path) {
    if (document == null || path == null) {
      return null;
    }
    JsonNode node = ExactJson.read(document);
    for (JsonNode key : ExactJson.read(path)) {
      if (node == null || !node.isObject() || isTaggedDouble(node)) {
        return null;
      }
      node = node.get(key.textValue());
    }
    return node;
  }

  private static boolean isTaggedDouble(JsonNode node) {
    SqlQuery.Key key = SqlQuery.Key.of(node);
    return node.isObject() && key.rank() == 2;
  }
}
