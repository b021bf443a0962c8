package dev.labbook.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  private StoreSettings() {
    throw new UnsupportedOperationException("stub: the settings helper fills this class");
  }

  /**
   * Settings from a URI and options (option values already read from files).
   *
   * @throws dev.labbook.ConfigurationException if the URI has no scheme ({@code json:},
   *     {@code mem:}, {@code postgresql://…}, {@code jdbc:h2:…}), naming the redacted URI
   */
  public static StoreSettings of(String uri, Map<String, String> options) {
    throw new UnsupportedOperationException("stub");
  }

  /** The URI as given, secrets included: for providers only, never for messages. */
  public String uri() {
    throw new UnsupportedOperationException("stub");
  }

  /**
   * The URI's scheme, lower-cased: the text before the first colon, or for {@code jdbc:} URIs
   * the first two parts ({@code jdbc:postgresql}).
   */
  public String scheme() {
    throw new UnsupportedOperationException("stub");
  }

  /** The URI after the scheme's colon: {@code json:/data/lab} gives {@code /data/lab}. */
  public String schemeSpecificPart() {
    throw new UnsupportedOperationException("stub");
  }

  /** The URI with every secret replaced by {@code ***}: safe for messages and logs. */
  public String redactedUri() {
    throw new UnsupportedOperationException("stub");
  }

  /** The value of an option, if set. */
  public Optional<String> option(String name) {
    throw new UnsupportedOperationException("stub");
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
    throw new UnsupportedOperationException("stub");
  }

  /** The names of the options that are set, sorted. */
  public Set<String> optionNames() {
    throw new UnsupportedOperationException("stub");
  }

  /** Whether an option name denotes a secret (see the class comment). */
  public static boolean isSecret(String optionName) {
    throw new UnsupportedOperationException("stub");
  }

  /** A copy with one more option (replacing an earlier value). */
  public StoreSettings withOption(String name, String value) {
    throw new UnsupportedOperationException("stub");
  }

  /** Redacted: the URI without secrets and the options with secret values as {@code ***}. */
  @Override
  public String toString() {
    throw new UnsupportedOperationException("stub");
  }
}
