package dev.labbook;

/** Where a run is in its life. */
public enum RunStatus {
  /** Created, not started: the status of a new run. */
  QUEUED,
  /** Started and not yet ended. */
  RUNNING,
  /** Ended normally. */
  COMPLETED,
  /** Ended by an error. */
  FAILED,
  /** Stopped from outside: interrupted, or the process was told to end. */
  CANCELLED,
  /** Stopped early by the search because it looked unpromising. */
  PRUNED;

  /** Whether the run has ended: every status but {@code QUEUED} and {@code RUNNING}. */
  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING;
  }
}
