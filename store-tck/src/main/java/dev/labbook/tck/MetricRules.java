package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Metrics: a run's series of points per key, appended in batches, read back by step (equal steps
 * in the order logged), streamed, and summed up as the latest point per key, with every value,
 * step, progress and timestamp kept exactly; logging to a run that does not exist is refused.
 * (Batches refused whole for a bad point are the bad-input group's; series removed with their
 * run or experiment, the runs' and experiments' groups'.)
 */
abstract class MetricRules extends Rules {
  private int made;

  MetricRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void pointsReadBackInStepOrderAcrossBatchesAndKeys() {
    String run = newRun();

    experiments().log(run, point("loss", 2, 0.5), point("acc", 1, 0.6), point("loss", 0, 0.9));
    experiments().log(run, point("acc", 0, 0.1), point("loss", 3, 0.4));
    experiments().log(run, List.of(point("loss", 1, 0.7), point("acc", 2, 0.8)));

    assertThat(experiments().series(run, "loss")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(tuple(0L, 0.9), tuple(1L, 0.7), tuple(2L, 0.5), tuple(3L, 0.4));
    assertThat(experiments().series(run, "acc")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(tuple(0L, 0.1), tuple(1L, 0.6), tuple(2L, 0.8));
  }

  @Test
  void pointsAtEqualStepsReadBackInTheOrderTheyWereLogged() {
    String run = newRun();

    experiments().log(run, point("loss", 5, 1.0), point("loss", 2, 7.0), point("loss", 5, 2.0));
    experiments().log(run, point("loss", 5, 3.0), point("loss", 2, 8.0));
    experiments().log(run, point("loss", 5, 4.0));

    assertThat(experiments().series(run, "loss")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(tuple(2L, 7.0), tuple(2L, 8.0), tuple(5L, 1.0), tuple(5L, 2.0),
            tuple(5L, 3.0), tuple(5L, 4.0));
  }

  @Test
  void loggingToAnUnknownOrDeletedRunFailsWithNotFoundAndStoresNothing() {
    String unknown = UUID.randomUUID().toString();
    String sibling = newRun();
    Run deleted = experiments().createRun(experiments().getRun(sibling).experimentId());
    experiments().deleteRun(deleted.id());

    for (String id : List.of(unknown, deleted.id())) {
      assertThatThrownBy(() -> experiments().log(id, point("loss", 0, 1.0)))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining(id);

      assertThat(experiments().findRun(id)).isEmpty();
      assertThatThrownBy(() -> experiments().series(id, "loss")).isInstanceOf(NotFoundException.class);
    }
    assertThat(experiments().latestMetrics(sibling)).isEmpty();
  }

  @Test
  @CheckedByCore
  void anEmptyBatchToAnUnknownRunFailsWithNotFound() {
    String unknown = UUID.randomUUID().toString();

    assertThatThrownBy(() -> experiments().log(unknown, List.of()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);
    assertThatThrownBy(() -> experiments().log(unknown))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);

    assertThat(experiments().findRun(unknown)).isEmpty();
  }

  @Test
  void theLatestMetricOfEachKeyIsTheOneAtTheHighestStep() {
    String run = newRun();

    experiments().log(run, point("loss", 0, 0.9), point("loss", 5, 0.5), point("acc", 7, 0.7));
    experiments().log(run, point("loss", 3, 0.6), point("acc", 2, 0.2));

    Map<String, MetricPoint> latest = experiments().latestMetrics(run);
    assertThat(latest).containsOnlyKeys("loss", "acc");
    assertThat(latest.get("loss")).extracting(MetricPoint::step, MetricPoint::value).containsExactly(5L, 0.5);
    assertThat(latest.get("acc")).extracting(MetricPoint::step, MetricPoint::value).containsExactly(7L, 0.7);
  }

  @Test
  void amongEqualHighestStepsTheLatestMetricIsTheLastLogged() {
    String run = newRun();

    experiments().log(run, point("loss", 4, 1.0), point("loss", 4, 2.0), point("acc", 2, 1.0),
        point("acc", 2, 5.0));
    experiments().log(run, point("loss", 4, 3.0), point("loss", 1, 9.0));

    Map<String, MetricPoint> latest = experiments().latestMetrics(run);
    assertThat(latest.get("loss")).extracting(MetricPoint::step, MetricPoint::value).containsExactly(4L, 3.0);
    assertThat(latest.get("acc")).extracting(MetricPoint::step, MetricPoint::value).containsExactly(2L, 5.0);
  }

  @Test
  void theLatestMetricComesBackAsTheWholePointLogged() {
    Instant taken = Instant.parse("2025-03-04T05:06:07.089Z");
    MetricPoint last = new MetricPoint("loss", 7, 0.75, 0.125, taken);
    String run = newRun();

    experiments().log(run, new MetricPoint("loss", 3, 0.25, 0.5, taken.minusSeconds(5)), last);

    assertThat(experiments().latestMetrics(run)).containsExactly(entry("loss", last));
  }

  @Test
  void pointsWithoutATimestampGetTheStoreClocksCurrentTime() {
    useClock(Clock.fixed(Instant.parse("2024-05-06T07:08:09.123456789Z"), ZoneOffset.UTC));
    Instant expected = Instant.parse("2024-05-06T07:08:09.123Z"); // times are kept to the millisecond
    String run = newRun();

    experiments().log(run, point("loss", 0, 1.0), MetricPoint.of("loss", 1, 0.5, 0.9));

    assertThat(experiments().series(run, "loss")).extracting(MetricPoint::timestamp)
        .containsExactly(expected, expected);
    assertThat(experiments().latestMetrics(run).get("loss").timestamp()).isEqualTo(expected);
  }

  @Test
  void givenTimestampsAreKeptToTheMillisecond() {
    useClock(Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC));
    List<Instant> given = List.of(Instant.parse("2026-01-02T03:04:05.678901234Z"),
        Instant.parse("2001-09-09T01:46:40Z"), Instant.EPOCH,
        Instant.parse("2099-12-31T23:59:59.999999Z"), Instant.parse("2024-05-06T07:08:08.001Z"));
    String run = newRun();
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      batch.add(point("loss", i, i).at(given.get(i)));
    }

    experiments().log(run, batch);

    assertThat(experiments().series(run, "loss")).extracting(MetricPoint::timestamp).containsExactly(
        Instant.parse("2026-01-02T03:04:05.678Z"), Instant.parse("2001-09-09T01:46:40Z"),
        Instant.EPOCH, Instant.parse("2099-12-31T23:59:59.999Z"),
        Instant.parse("2024-05-06T07:08:08.001Z"));
  }

  @Test
  void progressRoundTripsIncludingNull() {
    Double[] progresses = {0.25, null, 0.0, 1.0, 12.5, 1.0 / 3, null};
    String run = newRun();
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < progresses.length; i++) {
      batch.add(new MetricPoint("loss", i, progresses[i], i, null));
    }

    experiments().log(run, batch);

    assertThat(experiments().series(run, "loss")).extracting(MetricPoint::progress)
        .containsExactly(progresses);
    assertThat(experiments().latestMetrics(run).get("loss").progress()).isNull();
  }

  @Test
  void notANumberInfinitiesNegativeZeroAndExtremeValuesRoundTripBitForBit() {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
        Math.PI, 0.1, 1e-300};
    String run = newRun();
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      batch.add(point("value", i, values[i]));
      batch.add(point("only " + i, 0, values[i]));
    }

    experiments().log(run, batch);

    List<MetricPoint> read = experiments().series(run, "value");
    Map<String, MetricPoint> latest = experiments().latestMetrics(run);
    assertThat(read).hasSize(values.length);
    assertThat(latest).hasSize(values.length + 1);
    for (int i = 0; i < values.length; i++) {
      long expected = Double.doubleToRawLongBits(values[i]);
      assertThat(Double.doubleToRawLongBits(read.get(i).value())).as("series value %s", values[i])
          .isEqualTo(expected);
      assertThat(Double.doubleToRawLongBits(latest.get("only " + i).value()))
          .as("latest value %s", values[i]).isEqualTo(expected);
    }
  }

  @Test
  void stepsUpToTheLargestLongRoundTripExactlyAndInOrder() {
    // 2^53 + 1 is the first step a double cannot hold.
    long[] steps = {Long.MAX_VALUE, 0, (1L << 53) + 1, (long) Integer.MAX_VALUE + 1, 1L << 53,
        Long.MAX_VALUE - 1};
    String run = newRun();
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      batch.add(point("loss", steps[i], i));
    }

    experiments().log(run, batch);

    assertThat(experiments().series(run, "loss")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(tuple(0L, 1.0), tuple((long) Integer.MAX_VALUE + 1, 3.0),
            tuple(1L << 53, 4.0), tuple((1L << 53) + 1, 2.0), tuple(Long.MAX_VALUE - 1, 5.0),
            tuple(Long.MAX_VALUE, 0.0));
    assertThat(experiments().latestMetrics(run).get("loss").step()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aKeyWithNoPointsHasAnEmptySeries() {
    String run = newRun();
    experiments().log(run, point("loss", 0, 1.0));

    assertThat(experiments().series(run, "acc")).isEmpty();
    assertThat(experiments().series(run, "los")).isEmpty();
    try (Stream<MetricPoint> points = experiments().streamSeries(run, "acc")) {
      assertThat(points).isEmpty();
    }
    assertThat(experiments().latestMetrics(run)).containsOnlyKeys("loss");
    assertThat(experiments().latestMetrics(newRun())).isEmpty();
  }

  @Test
  void readingTheMetricsOfAnUnknownRunFailsWithNotFound() {
    String unknown = UUID.randomUUID().toString();
    experiments().log(newRun(), point("loss", 0, 1.0));

    assertThatThrownBy(() -> experiments().series(unknown, "loss"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown);
    assertThatThrownBy(() -> experiments().streamSeries(unknown, "loss").close())
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown);
    assertThatThrownBy(() -> experiments().latestMetrics(unknown))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown);
  }

  @Test
  void metricsBelongToTheirRunOnly() {
    String first = newRun();
    String second = experiments().createRun(experiments().getRun(first).experimentId()).id();
    String elsewhere = newRun();

    experiments().log(first, point("loss", 0, 1.0), point("loss", 1, 0.5));
    experiments().log(second, point("loss", 0, 2.0), point("acc", 0, 0.3));
    experiments().log(elsewhere, point("loss", 0, 3.0));

    assertThat(experiments().series(first, "loss")).extracting(MetricPoint::value).containsExactly(1.0, 0.5);
    assertThat(experiments().series(second, "loss")).extracting(MetricPoint::value).containsExactly(2.0);
    assertThat(experiments().series(elsewhere, "loss")).extracting(MetricPoint::value).containsExactly(3.0);
    assertThat(experiments().series(first, "acc")).isEmpty();
    assertThat(experiments().latestMetrics(first)).containsOnlyKeys("loss");
    assertThat(experiments().latestMetrics(second)).containsOnlyKeys("loss", "acc");
    assertThat(experiments().latestMetrics(elsewhere).get("loss").value()).isEqualTo(3.0);
  }

  @Test
  void aLongSeriesStreamsCompletelyInStepOrder() {
    int size = 9_990;
    int batches = 10;
    String run = newRun();
    // Batch b holds the steps s with s % batches == b, highest first, and one point of another
    // key: 10,000 points in all.
    for (int b = 0; b < batches; b++) {
      List<MetricPoint> batch = new ArrayList<>();
      for (long step = size - batches + b; step >= 0; step -= batches) {
        batch.add(point("loss", step, step * 0.5));
      }
      batch.add(batch.size() / 2, point("other", b, -1));
      experiments().log(run, batch);
    }

    List<Long> steps = new ArrayList<>(size);
    try (Stream<MetricPoint> points = experiments().streamSeries(run, "loss")) {
      points.forEachOrdered(point -> {
        if (point.value() == point.step() * 0.5) {
          steps.add(point.step());
        } else {
          steps.add(-1L - point.step()); // a point with the wrong value shows up as a wrong step
        }
      });
    }

    assertThat(steps).isEqualTo(LongStream.range(0, size).boxed().toList());
    assertThat(experiments().series(run, "other")).hasSize(batches);
  }

  @Test
  void metricKeysWithPunctuationSpacesAndAnyUnicodeRoundTripWithoutColliding() {
    List<String> keys = List.of("loss", "Loss", "LOSS", "train.loss", "train/loss", "train loss",
        "train_loss", "trainXloss", "train%loss", "train*loss", "train\\loss", "train:loss",
        "$loss", "loss$", "$", "@loss", "@@loss", "@", "loss@eval", "@type", "a.b.c", "a/b/c",
        "it's", "\"quoted\"", "[0]", "{}", "null", "-", "\u00e9t\u00e9", "e\u0301te\u0301",
        "\u6b63\u78ba\u7387", "\ud835\udefc/loss", "\ud83d\ude00", "loss\u00a0x");
    String run = newRun();
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      batch.add(point(keys.get(i), 0, i));
      batch.add(point(keys.get(i), 1, i + 0.5));
    }

    experiments().log(run, batch);

    for (int i = 0; i < keys.size(); i++) {
      assertThat(experiments().series(run, keys.get(i))).as("series of key %s", keys.get(i))
          .extracting(MetricPoint::key, MetricPoint::step, MetricPoint::value)
          .containsExactly(tuple(keys.get(i), 0L, (double) i), tuple(keys.get(i), 1L, i + 0.5));
    }
    Map<String, Double> latest = experiments().latestMetrics(run).entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    Map<String, Double> expected = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      expected.put(keys.get(i), i + 0.5);
    }
    assertThat(latest).isEqualTo(expected);
    assertThat(experiments().latestMetrics(run)).allSatisfy((key, point) -> assertThat(point.key()).isEqualTo(key));
  }

  @Test
  void metricKeysOfTheLongestAllowedLengthRoundTrip() {
    String ascii = "k".repeat(254) + "z";
    String astral = "\ud835\udefc".repeat(127); // 254 UTF-16 chars, 127 code points, 508 UTF-8 bytes
    String run = newRun();

    experiments().log(run, point(ascii, 0, 1.0), point(astral, 0, 2.0));

    assertThat(experiments().series(run, ascii)).extracting(MetricPoint::key, MetricPoint::value)
        .containsExactly(tuple(ascii, 1.0));
    assertThat(experiments().series(run, astral)).extracting(MetricPoint::key, MetricPoint::value)
        .containsExactly(tuple(astral, 2.0));
    assertThat(experiments().series(run, "k".repeat(254))).isEmpty();
    assertThat(experiments().latestMetrics(run)).containsOnlyKeys(ascii, astral);
  }

  private static MetricPoint point(String key, long step, double value) {
    return MetricPoint.of(key, step, value);
  }

  /** A run of a new experiment. */
  private String newRun() {
    return experiments().createRun(experiments().create("metrics " + made++).id()).id();
  }
}
