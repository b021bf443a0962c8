package dev.labbook.internal;

import dev.labbook.spi.StoreSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes secrets from store URIs so that they can go into messages and logs. Never throws.
 *
 * <p>Redaction favours hiding too much over showing a secret, because people paste passwords
 * into URIs without percent-encoding them:
 *
 * <ul>
 *   <li>User info: the password runs from the first {@code :} after {@code //} to the
 *       <em>last</em> {@code @} before the query, so {@code postgresql://u:p@ss/x?y@host/db}
 *       shows {@code postgresql://u:***@host/db}. The query starts at the first {@code ?} that
 *       is followed by {@code name=}; an {@code @} inside the query (Azure's
 *       {@code ?user=bob@server}) is left alone. A URI without {@code //} is treated as
 *       {@code user:password@host} when an {@code @} follows its first colon with no
 *       {@code /} in between, which catches a forgotten {@code postgresql://}.
 *   <li>Parameters: after {@code ?}, {@code &} or {@code ;} (H2 and SQL Server use
 *       {@code ;}), the value of a parameter whose name is secret by
 *       {@link StoreSettings#isSecret(String)} or is {@code pwd}, {@code pass}, {@code passwd},
 *       {@code pw} or {@code authMechanismProperties} (MongoDB's AWS session token) is hidden.
 *       The value runs to the next {@code &} or {@code ;} that starts another
 *       {@code name=}, so a raw {@code &} inside a password does not end it.
 *   <li>Known secrets: given secret values (for example the {@code password} option) are
 *       hidden wherever they occur, raw or percent-encoded, when at least
 *       {@value #MIN_LITERAL_LENGTH} characters long.
 * </ul>
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** Shorter known secrets are not searched for: they would mangle the rest of the text. */
  static final int MIN_LITERAL_LENGTH = 4;

  private static final Set<String> SECRET_PARAMETERS =
      Set.of("pwd", "pass", "passwd", "pw", "authmechanismproperties");

  private Redaction() {}

  /** The URI with its password and secret parameters replaced by {@link #MASK}. */
  public static String uri(String uri) {
    return uri(uri, List.of());
  }

  /**
   * The URI with its password, secret parameters and every occurrence of the given secret
   * values replaced by {@link #MASK}. Returns {@code "null"} for null and only {@link #MASK} if
   * redaction fails in an unforeseen way.
   */
  public static String uri(String uri, Collection<String> secretValues) {
    if (uri == null) {
      return "null";
    }
    try {
      return literals(parameters(userInfo(uri)), secretValues);
    } catch (RuntimeException e) {
      return MASK;
    }
  }

  /** The text with every occurrence of the given secret values replaced by {@link #MASK}. */
  public static String literals(String text, Collection<String> secretValues) {
    if (text == null || secretValues == null) {
      return text;
    }
    String out = text;
    for (String secret : secretValues) {
      if (secret == null || secret.length() < MIN_LITERAL_LENGTH || secret.equals(MASK)) {
        continue;
      }
      out = out.replace(secret, MASK);
      String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      if (!encoded.equals(secret)) {
        out = out.replace(encoded, MASK);
        out = out.replace(encoded.replace("+", "%20"), MASK);
      }
    }
    return out;
  }

  /** Whether a URI parameter's value is secret. */
  public static boolean isSecretParameter(String name) {
    return StoreSettings.isSecret(name)
        || SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
  }

  static String userInfo(String s) {
    int[] password = passwordRange(s);
    return password == null ? s : s.substring(0, password[0]) + MASK + s.substring(password[1]);
  }

  /** Where the user-info password of a URI starts and ends, or null if it has none. */
  private static int[] passwordRange(String s) {
    int authorityStart;
    boolean hasAuthority = true;
    int slashes = s.indexOf("://");
    if (s.startsWith("//")) {
      authorityStart = 2;
    } else if (slashes >= 0 && noneOf(s, 0, slashes, "/?#@")) {
      authorityStart = slashes + 3;
    } else {
      authorityStart = 0;
      hasAuthority = false;
    }
    int queryStart = queryStart(s, authorityStart);
    int at = s.lastIndexOf('@', queryStart - 1);
    if (at < authorityStart) {
      return null;
    }
    int colon = s.indexOf(':', authorityStart);
    if (colon < 0 || colon > at) {
      return null;
    }
    if (!hasAuthority && s.lastIndexOf('/', at) > colon) {
      return null; // json:/data/x@y is a path, not user:password@host
    }
    return new int[] {colon + 1, at};
  }

  /**
   * The secret values a URI holds, as {@link #uri(String)} would hide them: its user-info
   * password and the values of its secret parameters. For hiding them in other text, such as a
   * driver's exception message that quotes the URI.
   */
  public static List<String> secretsIn(String uri) {
    List<String> found = new ArrayList<>();
    if (uri == null) {
      return found;
    }
    try {
      int[] password = passwordRange(uri);
      if (password != null && password[1] > password[0]) {
        found.add(uri.substring(password[0], password[1]));
      }
      for (int[] value : secretParameterRanges(uri)) {
        found.add(uri.substring(value[0], value[1]));
      }
    } catch (RuntimeException e) {
      // Never throw from redaction; the URI-level masks still apply.
    }
    return found;
  }

  /** The index of the first '?' at or after {@code from} that starts a {@code name=}. */
  private static int queryStart(String s, int from) {
    for (int i = s.indexOf('?', from); i >= 0; i = s.indexOf('?', i + 1)) {
      if (parameterNameEnd(s, i + 1) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  static String parameters(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int copied = 0;
    for (int[] value : secretParameterRanges(s)) {
      out.append(s, copied, value[0]).append(MASK);
      copied = value[1];
    }
    return out.append(s, copied, s.length()).toString();
  }

  /** Where the non-empty values of secret parameters start and end, in order. */
  private static List<int[]> secretParameterRanges(String s) {
    List<int[]> ranges = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int nameEnd = c == '?' || c == '&' || c == ';' ? parameterNameEnd(s, i + 1) : -1;
      if (nameEnd < 0) {
        i++;
        continue;
      }
      String name = s.substring(i + 1, nameEnd);
      int valueStart = nameEnd + 1;
      int valueEnd = valueEnd(s, valueStart);
      if (isSecretParameter(name) && valueEnd > valueStart) {
        ranges.add(new int[] {valueStart, valueEnd});
      }
      i = valueEnd;
    }
    return ranges;
  }

  /** The end of a value: the next '&' or ';' that starts another parameter, else the end. */
  private static int valueEnd(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c == '&' || c == ';') && parameterNameEnd(s, i + 1) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  /**
   * If a parameter name ({@code [A-Za-z_][A-Za-z0-9_.-]*}) followed by '=' starts at
   * {@code from}, the index of that '='; else -1.
   */
  private static int parameterNameEnd(String s, int from) {
    if (from >= s.length() || !isNameStart(s.charAt(from))) {
      return -1;
    }
    int i = from + 1;
    while (i < s.length() && isNamePart(s.charAt(i))) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '=' ? i : -1;
  }

  private static boolean isNameStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || c >= '0' && c <= '9' || c == '.' || c == '-';
  }

  private static boolean noneOf(String s, int from, int to, String chars) {
    for (int i = from; i < to; i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }
}
