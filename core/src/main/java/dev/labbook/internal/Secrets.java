package dev.labbook.internal;

import dev.labbook.spi.StoreSettings;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secret values of some settings, and the means to keep them out of messages: a backend's
 * exception may quote a connection string or a password, and Labbook's messages must not.
 */
public final class Secrets {
  private final Set<String> values;

  private Secrets(Set<String> values) {
    this.values = values;
  }

  /** The values of the secret options and the password in the URI's user info. */
  public static Secrets of(StoreSettings settings) {
    Set<String> values = new TreeSet<>((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
    for (String name : settings.optionNames()) {
      if (StoreSettings.isSecret(name)) {
        settings.option(name).filter(v -> !v.isEmpty()).ifPresent(values::add);
      }
    }
    values.addAll(Redaction.secretsIn(settings.uri()));
    return new Secrets(values);
  }

  /**
   * The text with every secret value of four or more characters replaced by {@code ***}
   * (longest first, raw or percent-encoded), and the values of secret parameters it quotes
   * hidden too. Shorter secrets are not searched for: they would mangle every message.
   */
  public String redact(String text) {
    return text == null ? null : Redaction.literals(Redaction.parameters(text), values);
  }

  /**
   * The exception itself if no message in its cause chain holds a secret; otherwise a copy of
   * the chain whose messages are redacted (each link keeps its stack trace and names the class
   * it replaces).
   */
  public Throwable scrub(Throwable e) {
    if (!leaks(e)) {
      return e;
    }
    return copy(e);
  }

  private boolean leaks(Throwable e) {
    return leaks(e, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
  }

  private boolean leaks(Throwable e, Set<Throwable> seen) {
    if (e == null || !seen.add(e)) {
      return false;
    }
    String message = e.getMessage();
    if (message != null && !message.equals(redact(message))) {
      return true;
    }
    for (Throwable suppressed : e.getSuppressed()) {
      if (leaks(suppressed, seen)) {
        return true;
      }
    }
    return leaks(e.getCause(), seen);
  }

  /** A copy of the chain (causes and suppressed) with redacted messages and the same traces. */
  private RedactedException copy(Throwable e) {
    return copy(e, new java.util.IdentityHashMap<>());
  }

  private RedactedException copy(Throwable e, Map<Throwable, RedactedException> copies) {
    RedactedException done = copies.get(e);
    if (done != null) {
      return done; // a cycle in the chain: link to the copy already made
    }
    RedactedException copy = new RedactedException(e.getClass().getName(), redact(e.getMessage()));
    copies.put(e, copy);
    copy.setStackTrace(e.getStackTrace());
    if (e.getCause() != null) {
      copy.initCause(copy(e.getCause(), copies));
    }
    for (Throwable suppressed : e.getSuppressed()) {
      copy.addSuppressed(copy(suppressed, copies));
    }
    return copy;
  }

  /** Stands in for an exception whose message held a secret. */
  static final class RedactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedactedException(String originalClass, String message) {
      super(originalClass + (message == null ? "" : ": " + message));
    }
  }
}
