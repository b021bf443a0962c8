package dev.labbook.spi;

/**
 * Optional behaviour a backend may offer. What a backend does not declare, it does not promise:
 * the TCK skips the rules that need it (naming the capability), and where an operation exists
 * but its capability is absent, it must fail with
 * {@link dev.labbook.UnsupportedCapabilityException} and change nothing.
 */
public enum Capability {
  /** Data survives closing and reopening the store with the same settings. */
  PERSISTENT,
  /**
   * Several store instances (several processes, or several opens in one process) may use the
   * same persistence at once, with the same guarantees as threads sharing one instance.
   */
  MULTI_PROCESS,
  /** Several operations can run as one unit of work that commits or rolls back as a whole. */
  TRANSACTIONS,
  /** Artifacts (bytes under a path) can be attached to experiments and runs. */
  ARTIFACTS
}
