package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private Labbook lab;
  private ExperimentStore experiments;
  private Run run;

  @BeforeEach
  void open() {
    lab = TestStores.memory();
    experiments = lab.experiments();
    run = experiments.createRun(experiments.create("m").id());
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void aBatchIsReadBackInStepOrder() {
    experiments.log(run.id(), List.of(MetricPoint.of("loss", 2, 0.5), MetricPoint.of("loss", 0, 0.9),
        MetricPoint.of("acc", 0, 0.1), MetricPoint.of("loss", 1, 0.7)));
    assertThat(experiments.series(run.id(), "loss")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0.9), org.assertj.core.groups.Tuple.tuple(1L, 0.7),
            org.assertj.core.groups.Tuple.tuple(2L, 0.5));
    assertThat(experiments.series(run.id(), "acc")).hasSize(1);
    assertThat(experiments.series(run.id(), "unknown")).isEmpty();
  }

  @Test
  void nonFiniteValuesAndNegativeZeroRoundTripBitForBit() {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MIN_VALUE, Double.MAX_VALUE, Math.PI};
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      batch.add(MetricPoint.of("v", i, values[i]));
    }
    experiments.log(run.id(), batch);
    List<MetricPoint> read = experiments.series(run.id(), "v");
    for (int i = 0; i < values.length; i++) {
      assertThat(Double.doubleToRawLongBits(read.get(i).value()))
          .as("value %s", values[i]).isEqualTo(Double.doubleToRawLongBits(values[i]));
    }
  }

  @Test
  void pointsKeepTheirProgressAndGivenTimestampAndGetOneWhenMissing() {
    Instant taken = Instant.parse("2026-01-02T03:04:05.678Z");
    experiments.log(run.id(), MetricPoint.of("loss", 0, 0.25, 1.5).at(taken), MetricPoint.of("loss", 1, 1.0));
    List<MetricPoint> read = experiments.series(run.id(), "loss");
    assertThat(read.get(0)).isEqualTo(new MetricPoint("loss", 0, 0.25, 1.5, taken));
    assertThat(read.get(1).progress()).isNull();
    assertThat(read.get(1).timestamp()).isNotNull();
  }

  @Test
  void repeatedStepsAreKeptInAppendOrderAndTheLastIsLatest() {
    experiments.log(run.id(), MetricPoint.of("loss", 5, 1.0));
    experiments.log(run.id(), MetricPoint.of("loss", 5, 2.0), MetricPoint.of("loss", 3, 9.0));
    assertThat(experiments.series(run.id(), "loss")).extracting(MetricPoint::value).containsExactly(9.0, 1.0, 2.0);
    assertThat(experiments.latestMetrics(run.id()).get("loss").value()).isEqualTo(2.0);
  }

  @Test
  void aBatchWithOneBadPointAppendsNothing() {
    experiments.log(run.id(), MetricPoint.of("loss", 0, 1.0));
    assertThatThrownBy(() -> experiments.log(run.id(), MetricPoint.of("loss", 1, 0.5), MetricPoint.of("bad\tkey", 1, 0.5)))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("metric key");
    assertThatThrownBy(() -> experiments.log(run.id(), MetricPoint.of("loss", 1, 0.5), MetricPoint.of("loss", -1, 0.5)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("-1");
    assertThat(experiments.series(run.id(), "loss")).hasSize(1);
  }

  @Test
  void loggingToAMissingRunIsNotFound() {
    assertThatThrownBy(() -> experiments.log("nope", MetricPoint.of("loss", 0, 1.0)))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> experiments.log("nope", List.of())).isInstanceOf(NotFoundException.class);
  }
}
