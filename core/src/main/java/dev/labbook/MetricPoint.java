package dev.labbook;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of a metric series: a run's {@code key} (such as {@code loss}) at a {@code step},
 * with an optional {@code progress} (a fraction of the run, an epoch as a real number…) and the
 * time it was taken. Any double is a valid value, NaN, infinities and -0.0 included, and comes
 * back bit for bit. Equality compares values as {@link Double#compare} does (NaN equals NaN,
 * -0.0 differs from 0.0).
 *
 * @param key the metric name; the name rules apply
 * @param step the step, 0 or more
 * @param progress the progress, or null when not given
 * @param value the value
 * @param timestamp when the value was taken; null in a point to be logged means "now"
 */
public record MetricPoint(String key, long step, Double progress, double value, Instant timestamp) {

  public MetricPoint {
    Objects.requireNonNull(key, "key");
  }

  /** A point at {@code step}, stamped with the time it is logged. */
  public static MetricPoint of(String key, long step, double value) {
    return new MetricPoint(key, step, null, value, null);
  }

  /** A point at {@code step} with a progress, stamped with the time it is logged. */
  public static MetricPoint of(String key, long step, double progress, double value) {
    return new MetricPoint(key, step, progress, value, null);
  }

  /** This point with another timestamp. */
  public MetricPoint at(Instant time) {
    return new MetricPoint(key, step, progress, value, time);
  }
}
