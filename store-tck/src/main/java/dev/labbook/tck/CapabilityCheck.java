package dev.labbook.tck;

import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips rules marked {@link Requires} or {@link RequiresAbsent} that do not apply to the store. */
final class CapabilityCheck implements BeforeEachCallback {
  private static final String NEEDS = "needs capability ";
  private static final String NOT_FOR = "only for stores without capability ";

  /**
   * Hands the rule's declared needs to it; they are checked when it first opens the store, so
   * that a rule can still choose its clock first. A rule that never opens the store needs none.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    Method rule = context.getRequiredTestMethod();
    Requires requires = rule.getAnnotation(Requires.class);
    RequiresAbsent absent = rule.getAnnotation(RequiresAbsent.class);
    ((Rules) context.getRequiredTestInstance()).expect(
        requires == null ? List.of() : List.of(requires.value()),
        absent == null ? Optional.empty() : Optional.of(absent.value()));
  }

  /** Skips the rule unless the store's capabilities meet what it declared. */
  static void check(Capabilities declared, List<Capability> required, Optional<Capability> absent) {
    for (Capability capability : required) {
      Assumptions.assumeTrue(declared.has(capability), () -> missing(capability));
    }
    absent.ifPresent(capability -> Assumptions.assumeFalse(declared.has(capability),
        () -> NOT_FOR + capability + "; this store declares it"));
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
