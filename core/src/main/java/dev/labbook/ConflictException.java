package dev.labbook;

/**
 * A compare-and-set update lost a race: the record changed since the caller read it. Nothing
 * was written. Reload the record ({@link #recordId()}), reapply the change and try again.
 */
public class ConflictException extends LabbookException {
  private static final long serialVersionUID = 1L;
  private final String recordId;
  private final long expectedVersion;

  public ConflictException(String what, String recordId, long expectedVersion) {
    super(what + " " + recordId + " was changed by someone else since version " + expectedVersion
        + " was read; reload it and apply the change again");
    this.recordId = recordId;
    this.expectedVersion = expectedVersion;
  }

  public String recordId() {
    return recordId;
  }

  public long expectedVersion() {
    return expectedVersion;
  }
}
