package dev.labbook.spi;

import java.util.EnumSet;
import java.util.Set;

/** The set of {@link Capability capabilities} a backend declares. Immutable. */
public record Capabilities(Set<Capability> declared) {

  public Capabilities {
    declared = declared.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(declared));
  }

  /** The capabilities given; none for a backend that offers only the required contract. */
  public static Capabilities of(Capability... capabilities) {
    return new Capabilities(Set.of(capabilities));
  }

  /** Whether the capability is declared. */
  public boolean has(Capability capability) {
    return declared.contains(capability);
  }

  /**
   * Throws unless {@code capability} is declared.
   *
   * @throws dev.labbook.UnsupportedCapabilityException naming the capability and the store
   */
  public void require(Capability capability, String what, String store) {
    if (!has(capability)) {
      throw new dev.labbook.UnsupportedCapabilityException(capability.name(), what, store);
    }
  }
}
