package dev.labbook.tracking;

/**
 * The work {@link RunHandle#track(TrackedAction)} runs while it keeps the run's status and
 * heartbeat up to date.
 *
 * @param <T> what the work returns
 * @param <E> the checked exception the work may throw ({@code RuntimeException} when none)
 */
@FunctionalInterface
public interface TrackedAction<T, E extends Exception> {
  /**
   * Does the work.
   *
   * @param run the run being tracked, to log metrics and results on
   */
  T run(RunHandle run) throws E;
}
