package dev.labbook.spi;

import dev.labbook.ConfigurationException;
import dev.labbook.internal.Names;
import dev.labbook.internal.Redaction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where a store lives and how to open it: a URI and named options, fully resolved (see
 * {@code dev.labbook.Labbook.Builder} for the order of sources). Immutable.
 *
 * <p>Secrets never leave this object by accident: {@link #toString()} and
 * {@link #redactedUri()} replace the password in the URI's user info, password-like query
 * parameters and the values of secret options with {@code ***}. An option is secret when its
 * name, lower-cased, contains {@code password}, {@code secret} or {@code token}, or ends with
 * {@code key} or {@code credentials}.
 */
public final class StoreSettings {
  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*");

  /** The accepted forms, for messages. */
  static final String FORMS = "a store URI starts with a scheme, as in mem:, json:/path/to/folder,"
      + " h2:/path/to/db, jdbc:h2:/path/to/db, postgresql://user@host:5432/db,"
      + " jdbc:postgresql://host:5432/db, mongodb://host:27017/db or"
      + " mongodb+srv://cluster.example.net/db";

  private final String uri;
  private final SortedMap<String, String> options;
  private final String scheme;
  private final String schemeSpecificPart;

  private StoreSettings(String uri, SortedMap<String, String> options, String scheme,
      String schemeSpecificPart) {
    this.uri = uri;
    this.options = Collections.unmodifiableSortedMap(options);
    this.scheme = scheme;
    this.schemeSpecificPart = schemeSpecificPart;
  }

  /**
   * Settings from a URI and options (option values already read from files).
   *
   * @throws dev.labbook.ConfigurationException if the URI has no scheme ({@code json:},
   *     {@code mem:}, {@code postgresql://…}, {@code jdbc:h2:…}), naming the redacted URI
   */
  public static StoreSettings of(String uri, Map<String, String> options) {
    SortedMap<String, String> copy = copy(options);
    if (uri == null) {
      throw new ConfigurationException("The store URI is missing (null); " + FORMS);
    }
    int colon = uri.indexOf(':');
    String first = colon < 0 ? uri : uri.substring(0, colon);
    if (colon < 0 || !SCHEME.matcher(first).matches()) {
      throw invalid(uri, copy, "has no scheme");
    }
    if (!first.equalsIgnoreCase("jdbc")) {
      return new StoreSettings(uri, copy, first.toLowerCase(Locale.ROOT),
          uri.substring(colon + 1));
    }
    int second = uri.indexOf(':', colon + 1);
    String sub = second < 0 ? uri.substring(colon + 1) : uri.substring(colon + 1, second);
    if (second < 0 || !SCHEME.matcher(sub).matches()) {
      throw invalid(uri, copy, "names no JDBC subprotocol (jdbc:postgresql:, jdbc:h2:)");
    }
    return new StoreSettings(uri, copy, "jdbc:" + sub.toLowerCase(Locale.ROOT),
        uri.substring(second + 1));
  }

  private static ConfigurationException invalid(String uri, Map<String, String> options,
      String problem) {
    String shown = uri.isEmpty() ? "\"\"" : Names.quote(Redaction.uri(uri, secretValues(options)));
    return new ConfigurationException("The store URI " + shown + " " + problem + "; " + FORMS);
  }

  private static SortedMap<String, String> copy(Map<String, String> options) {
    SortedMap<String, String> copy = new TreeMap<>();
    if (options == null) {
      return copy;
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey() == null) {
        throw new ConfigurationException("An option name is null");
      }
      if (e.getValue() == null) {
        throw new ConfigurationException("Option " + e.getKey() + " has no value (null)");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return copy;
  }

  /** The URI as given, secrets included: for providers only, never for messages. */
  public String uri() {
    return uri;
  }

  /**
   * The URI's scheme, lower-cased: the text before the first colon, or for {@code jdbc:} URIs
   * the first two parts ({@code jdbc:postgresql}).
   */
  public String scheme() {
    return scheme;
  }

  /** The URI after the scheme's colon: {@code json:/data/lab} gives {@code /data/lab}. */
  public String schemeSpecificPart() {
    return schemeSpecificPart;
  }

  /** The URI with every secret replaced by {@code ***}: safe for messages and logs. */
  public String redactedUri() {
    return Redaction.uri(uri, secretValues(options));
  }

  /** The value of an option, if set. */
  public Optional<String> option(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(options.get(name));
  }

  /** The value of an option, or {@code defaultValue}. */
  public String option(String name, String defaultValue) {
    return option(name).orElse(defaultValue);
  }

  /**
   * An option read as an int.
   *
   * @throws dev.labbook.ConfigurationException naming the option and its value when it is not
   *     an int (a secret's value is not shown)
   */
  public int intOption(String name, int defaultValue) {
    Optional<String> value = option(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.get().trim());
    } catch (NumberFormatException e) {
      String shown = isSecret(name) ? "(its value is secret and not shown)"
          : "not " + Names.quote(value.get());
      // No cause: NumberFormatException's message holds the value.
      throw new ConfigurationException("Option " + name + " must be a whole number from "
          + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", " + shown);
    }
  }

  /** The names of the options that are set, sorted. */
  public Set<String> optionNames() {
    return options.keySet();
  }

  /** Whether an option name denotes a secret (see the class comment). */
  public static boolean isSecret(String optionName) {
    if (optionName == null) {
      return false;
    }
    String name = optionName.toLowerCase(Locale.ROOT);
    return name.contains("password") || name.contains("secret") || name.contains("token")
        || name.endsWith("key") || name.endsWith("credentials");
  }

  /** A copy with one more option (replacing an earlier value). */
  public StoreSettings withOption(String name, String value) {
    SortedMap<String, String> copy = new TreeMap<>(options);
    copy.putAll(copy(Collections.singletonMap(name, value)));
    return new StoreSettings(uri, copy, scheme, schemeSpecificPart);
  }

  /** Redacted: the URI without secrets and the options with secret values as {@code ***}. */
  @Override
  public String toString() {
    List<String> secrets = secretValues(options);
    StringBuilder out = new StringBuilder("StoreSettings[uri=")
        .append(Redaction.uri(uri, secrets)).append(", options={");
    String separator = "";
    for (Map.Entry<String, String> e : options.entrySet()) {
      out.append(separator).append(e.getKey()).append('=')
          .append(isSecret(e.getKey()) ? Redaction.MASK : Redaction.uri(e.getValue(), secrets));
      separator = ", ";
    }
    return out.append("}]").toString();
  }

  private static List<String> secretValues(Map<String, String> options) {
    List<String> secrets = new ArrayList<>();
    options.forEach((name, value) -> {
      if (isSecret(name)) {
        secrets.add(value);
      }
    });
    return secrets;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreSettings other && uri.equals(other.uri)
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, options);
  }
}
