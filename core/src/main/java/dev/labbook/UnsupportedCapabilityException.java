package dev.labbook;

/**
 * The operation needs a capability (see {@code dev.labbook.spi.Capability}) that this store
 * does not declare. Nothing was changed.
 */
public class UnsupportedCapabilityException extends LabbookException {
  private static final long serialVersionUID = 1L;
  private final String capability;

  public UnsupportedCapabilityException(String capability, String what, String store) {
    super(what + " needs the capability " + capability + ", which store " + store
        + " does not declare");
    this.capability = capability;
  }

  /** The name of the missing capability. */
  public String capability() {
    return capability;
  }
}
