package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A field path such as {@code params.optimizer.lr}: the segments of a field name in a
 * {@link Filter} or {@link Sort}, parsed once for the evaluator and for backends that translate
 * queries.
 *
 * <p><b>String form</b> (the same in {@code Filter} field strings and in the string form of
 * queries): segments separated by {@code .}, with no white space around the dots. A bare
 * segment is one or more Unicode letters or digits or the characters {@code _ - / @ $}. Any
 * other key is quoted, in double quotes ({@code params."a.b"}, where {@code ""} or {@code \"}
 * is a double quote and {@code \\} a backslash) or in backticks ({@code params.`a b`}, where
 * {@code ``} is a backtick). In the string form of queries a path must start with a letter,
 * {@code _}, {@code @}, {@code $} or a quote (a leading digit or {@code -} starts a number), and
 * a one-segment bare path that spells a keyword ({@code and}, {@code in}…, any case) is that
 * keyword; {@link #toString()} quotes such segments, so it always reads back as the same path.
 *
 * <p><b>Views:</b> the first segment names a top-level field of the view; each further segment
 * names a key of the object reached so far. Paths never index into arrays ({@code tags.0} finds
 * nothing, {@code params.layers.0} names the key {@code "0"}). Since views escape user keys that
 * begin with {@code @} by doubling it, a segment below the first that begins with {@code @}
 * names the view key with one more {@code @}: {@code params.@x} reads the view key
 * {@code "@@x"}; see {@link #viewKeys()}.
 */
public final class FieldPath {
  /** Words that a one-segment bare path cannot be in the string form of queries. */
  static final Set<String> KEYWORDS =
      Set.of("and", "or", "not", "in", "exists", "contains", "true", "false", "null");

  private final List<String> segments;

  private FieldPath(List<String> segments) {
    this.segments = List.copyOf(segments);
  }

  /**
   * The path with the given segments (keys as the user wrote them, unquoted).
   *
   * @throws InvalidInputException if there are no segments or one is null
   */
  public static FieldPath of(List<String> segments) {
    if (segments == null || segments.isEmpty()) {
      throw new InvalidInputException("a field path needs at least one segment, got " + segments);
    }
    if (segments.stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidInputException("field path segments cannot be null, got " + segments);
    }
    return new FieldPath(segments);
  }

  /**
   * Parses the string form, such as {@code params."a.b".c}.
   *
   * @throws InvalidInputException if {@code text} is null
   * @throws QuerySyntaxException naming the offending position
   */
  public static FieldPath parse(String text) {
    if (text == null) {
      throw new InvalidInputException("field path is missing (null)");
    }
    String what = "Invalid field path";
    if (text.isEmpty()) {
      throw QuerySyntaxException.at(what, text, 0, "expected a field name, found an empty string");
    }
    int[] end = new int[1];
    FieldPath path = read(what, text, 0, end);
    if (end[0] < text.length()) {
      throw QuerySyntaxException.at(what, text, end[0], "expected '.' or the end of the path, found "
          + QuerySyntaxException.describe(text.codePointAt(end[0])));
    }
    return path;
  }

  /**
   * Reads a path that starts at {@code start} in {@code text}; stores where it ends in
   * {@code end[0]}.
   */
  static FieldPath read(String what, String text, int start, int[] end) {
    List<String> segments = new ArrayList<>();
    int i = start;
    while (true) {
      StringBuilder key = new StringBuilder();
      i = readSegment(what, text, i, key);
      segments.add(key.toString());
      if (i < text.length() && text.charAt(i) == '.') {
        i++;
      } else {
        end[0] = i;
        return new FieldPath(segments);
      }
    }
  }

  private static int readSegment(String what, String text, int start, StringBuilder key) {
    if (start >= text.length()) {
      throw QuerySyntaxException.at(what, text, start, "expected a field key, found the end of the input");
    }
    char open = text.charAt(start);
    if (open == '"' || open == '`') {
      return readQuoted(what, text, start, key);
    }
    int i = start;
    while (i < text.length() && isBare(text.codePointAt(i))) {
      key.appendCodePoint(text.codePointAt(i));
      i += Character.charCount(text.codePointAt(i));
    }
    if (i == start) {
      throw QuerySyntaxException.at(what, text, start, "expected a field key (letters, digits, _ - / @ $,"
          + " or a key in double quotes or backticks), found " + QuerySyntaxException.describe(text.codePointAt(start)));
    }
    return i;
  }

  private static int readQuoted(String what, String text, int start, StringBuilder key) {
    char quote = text.charAt(start);
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          key.append(quote);
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (c == '\\' && quote == '"') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
        if (next != '"' && next != '\\') {
          throw QuerySyntaxException.at(what, text, i, "unknown escape in a quoted key: only \\\" and \\\\"
              + " are escapes (or write \"\" for a double quote)");
        }
        key.append(next);
        i += 2;
        continue;
      }
      key.append(c);
      i++;
    }
    throw QuerySyntaxException.at(what, text, start, "unterminated quoted key: no closing " + quote);
  }

  /** Whether a code point may appear in a bare (unquoted) segment. */
  static boolean isBare(int codePoint) {
    return Character.isLetterOrDigit(codePoint) || "_-/@$".indexOf(codePoint) >= 0;
  }

  /** Whether a bare segment may start a path in the string form of queries. */
  static boolean startsPath(int codePoint) {
    return Character.isLetter(codePoint) || "_@$".indexOf(codePoint) >= 0;
  }

  /** The segments, unquoted, as the user names them. */
  public List<String> segments() {
    return segments;
  }

  /** The first segment: the top-level field of the view. */
  public String root() {
    return segments.get(0);
  }

  /** The segments after the first: keys inside a document field; empty for a top-level field. */
  public List<String> below() {
    return segments.subList(1, segments.size());
  }

  /**
   * The keys to follow in a view: the first segment as is, every further segment that begins
   * with {@code @} with one more {@code @} in front (views escape such user keys by doubling).
   */
  public List<String> viewKeys() {
    List<String> keys = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      keys.add(i > 0 && s.startsWith("@") ? "@" + s : s);
    }
    return List.copyOf(keys);
  }

  /**
   * The value this path finds in a view, normalized as {@link Values#normalize} does, or Java
   * null when the path finds nothing (a key is absent, or a segment meets a non-object).
   */
  JsonNode find(JsonNode view) {
    if (view == null || !view.isObject()) {
      return null;
    }
    JsonNode node = view.get(segments.get(0));
    for (int i = 1; i < segments.size() && node != null; i++) {
      if (!node.isObject() || Values.isTaggedDouble(node)) {
        return null;
      }
      String s = segments.get(i);
      node = node.get(s.startsWith("@") ? "@" + s : s);
    }
    return node == null ? null : Values.normalize(node);
  }

  /** The canonical string form: bare segments where possible, double quotes otherwise. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      if (i > 0) {
        out.append('.');
      }
      boolean bare = !s.isEmpty() && s.codePoints().allMatch(FieldPath::isBare)
          && (i > 0 || startsPath(s.codePointAt(0)))
          && !(segments.size() == 1 && KEYWORDS.contains(s.toLowerCase(Locale.ROOT)));
      if (bare) {
        out.append(s);
      } else {
        out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath p && segments.equals(p.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }
}
