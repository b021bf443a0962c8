package dev.labbook.tck;

import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens the store under test before each rule starts, and skips rules marked {@link Requires}
 * or {@link RequiresAbsent} that do not apply to it. The backend's own tests in its TCK class
 * are left alone.
 */
final class CapabilityCheck implements BeforeEachCallback {
  private static final String NEEDS = "needs capability ";
  private static final String NOT_FOR = "only for stores without capability ";

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!(context.getRequiredTestInstance() instanceof Rules rules)) {
      return;
    }
    Capabilities declared = rules.store().capabilities();
    Method rule = context.getRequiredTestMethod();
    Requires requires = rule.getAnnotation(Requires.class);
    if (requires != null) {
      for (Capability capability : requires.value()) {
        Assumptions.assumeTrue(declared.has(capability), () -> missing(capability));
      }
    }
    RequiresAbsent absent = rule.getAnnotation(RequiresAbsent.class);
    if (absent != null) {
      Assumptions.assumeFalse(declared.has(absent.value()),
          () -> NOT_FOR + absent.value() + "; this store declares it");
    }
  }

  /** The message of a rule skipped because the store does not declare a capability. */
  static String missing(Capability capability) {
    return NEEDS + capability + ", which this store does not declare";
  }

  /** The capability a skip message names, or the whole message if it names none. */
  static String reason(String message) {
    if (message != null && message.startsWith(NEEDS)) {
      return "needs " + message.substring(NEEDS.length()).split(",", 2)[0];
    }
    if (message != null && message.startsWith(NOT_FOR)) {
      return "only without " + message.substring(NOT_FOR.length()).split(";", 2)[0];
    }
    return String.valueOf(message);
  }
}
