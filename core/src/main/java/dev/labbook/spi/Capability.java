package dev.labbook.spi;

/**
 * Optional behaviour a backend may offer. What a backend does not declare, it does not promise:
 * the TCK skips the rules that need it (naming the capability), and where an operation exists
 * but its capability is absent, it must fail with
 * {@link dev.labbook.UnsupportedCapabilityException} and change nothing.
 */
public enum Capability {
  /**
   * Data survives closing the store and opening the same settings again, in this process or a
   * new one: it is kept outside the JVM (files, a server).
   */
  PERSISTENT,
  /**
   * Several store instances may use the same persistence at once — several processes where the
   * persistence can be reached from several (a folder, a server), several opens in one JVM where
   * it lives in the JVM (a named in-memory store) — with the same guarantees as threads sharing
   * one instance: unique run numbers, compare-and-set updates, no lost appends.
   */
  MULTI_PROCESS,
  /**
   * Several operations can run as one unit of work that commits or rolls back as a whole:
   * {@link dev.labbook.Labbook#unitOfWork} is atomic, and units nest (see
   * {@link Store#unitOfWork}). Without it, a unit of work runs its operations one by one and
   * keeps what ran before a failure.
   */
  TRANSACTIONS,
  /** Artifacts (bytes under a path) can be attached to experiments and runs. */
  ARTIFACTS
}
