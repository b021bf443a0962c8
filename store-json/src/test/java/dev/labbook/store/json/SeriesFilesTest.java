package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.spi.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a series file looks like and how readers and the next writer treat what a crash leaves:
 * a cut-off line, a batch over several keys that did not finish, a lost or stale cache.
 */
class SeriesFilesTest {
  @TempDir Path folder;
  private Labbook lab;
  private ExperimentStore s;
  private Run run;
  private Path runFolder;

  @BeforeEach
  void open() {
    lab = Labbook.builder().settings(StoreSettings.of("json:" + folder.resolve("store"), Map.of()))
        .open();
    s = lab.experiments();
    String experiment = s.create("e").id();
    run = s.createRun(experiment);
    runFolder = new Layout(folder.resolve("store")).runFolder(experiment, run.id());
  }

  @AfterEach
  void close() {
    lab.close();
  }

  private Path series(String key) {
    return Layout.series(runFolder, key);
  }

  private List<String> lines(String key) throws Exception {
    return Files.readAllLines(series(key), StandardCharsets.UTF_8);
  }

  @Test
  void aSeriesIsAHeaderAndOneLinePerLogCall() throws Exception {
    s.log(run.id(), MetricPoint.of("loss", 0, 0.5));
    s.log(run.id(), MetricPoint.of("loss", 1, 0.25), MetricPoint.of("loss", 2, 0.125));

    List<String> lines = lines("loss");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("{\"key\":\"loss\",\"format\":\"labbook-series\",\"version\":1}");
    assertThat(lines.get(1)).startsWith("{\"step\":0,\"value\":0.5,\"time\":\"");
    assertThat(lines.get(2)).startsWith("[{\"step\":1,").contains("{\"step\":2,");
  }

  @Test
  void valuesJsonCannotHoldComeBackBitForBit() {
    double oddNaN = Double.longBitsToDouble(0x7ff0000000000001L);
    List<Double> values = List.of(Double.NaN, oddNaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e300);
    List<MetricPoint> batch = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      batch.add(MetricPoint.of("v", i, values.get(i), values.get(i)));
    }
    s.log(run.id(), batch);

    List<MetricPoint> back = s.series(run.id(), "v");
    for (int i = 0; i < values.size(); i++) {
      assertThat(Double.doubleToRawLongBits(back.get(i).value()))
          .isEqualTo(Double.doubleToRawLongBits(values.get(i)));
      assertThat(Double.doubleToRawLongBits(back.get(i).progress()))
          .isEqualTo(Double.doubleToRawLongBits(values.get(i)));
    }
  }

  @Test
  void aLineCutShortByACrashIsNotReadAndIsCutOffByTheNextAppend() throws Exception {
    s.log(run.id(), MetricPoint.of("loss", 0, 0.5));
    Files.writeString(series("loss"), "{\"step\":1,\"val", StandardOpenOption.APPEND);

    assertThat(s.series(run.id(), "loss")).extracting(MetricPoint::step).containsExactly(0L);
    assertThat(s.latestMetrics(run.id()).get("loss").step()).isZero();

    s.log(run.id(), MetricPoint.of("loss", 2, 0.25));
    assertThat(s.series(run.id(), "loss")).extracting(MetricPoint::step).containsExactly(0L, 2L);
    assertThat(lines("loss")).hasSize(3);
  }

  @Test
  void aBatchOverSeveralKeysThatDidNotFinishNeverShowsAndIsRolledBack() throws Exception {
    s.log(run.id(), MetricPoint.of("loss", 0, 0.5), MetricPoint.of("acc", 0, 0.1));
    long lossLength = Files.size(series("loss"));
    long accLength = Files.size(series("acc"));
    // A writer died after the journal and the loss line of batch 1, before the acc line.
    Files.writeString(Layout.metricBatch(runFolder),
        "{\"lengthsBefore\":{\"loss\":" + lossLength + ",\"acc\":" + accLength + "}}");
    Files.writeString(series("loss"), "{\"step\":1,\"value\":0.4,\"time\":\"2025-01-01T00:00:00.000Z\"}\n",
        StandardOpenOption.APPEND);

    assertThat(s.series(run.id(), "loss")).extracting(MetricPoint::step).containsExactly(0L);
    assertThat(s.latestMetrics(run.id())).extractingByKey("loss").extracting(MetricPoint::step)
        .isEqualTo(0L);

    s.log(run.id(), MetricPoint.of("acc", 2, 0.3));
    assertThat(Layout.metricBatch(runFolder)).doesNotExist();
    assertThat(Files.size(series("loss"))).isEqualTo(lossLength);
    assertThat(s.series(run.id(), "loss")).extracting(MetricPoint::step).containsExactly(0L);
    assertThat(s.series(run.id(), "acc")).extracting(MetricPoint::step).containsExactly(0L, 2L);
  }

  @Test
  void stepsLoggedOutOfOrderAreReadInStepOrderEqualStepsInLoggedOrder() {
    s.log(run.id(), MetricPoint.of("loss", 5, 0.5), MetricPoint.of("loss", 1, 0.1));
    s.log(run.id(), MetricPoint.of("loss", 5, 0.55));
    s.log(run.id(), MetricPoint.of("loss", 3, 0.3));

    assertThat(s.series(run.id(), "loss")).extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0.1),
            org.assertj.core.groups.Tuple.tuple(3L, 0.3), org.assertj.core.groups.Tuple.tuple(5L, 0.5),
            org.assertj.core.groups.Tuple.tuple(5L, 0.55));
    assertThat(s.latestMetrics(run.id()).get("loss").value()).isEqualTo(0.55);
  }

  @Test
  void theLatestPointsCacheIsUsedWhenItFitsAndRebuiltWhenItIsLostOrGarbled() throws Exception {
    for (int step = 0; step < 400; step++) {
      s.log(run.id(), MetricPoint.of("loss", step, 1.0 / (step + 1)), MetricPoint.of("acc", 399 - step, step));
    }
    Path cache = Layout.latestMetrics(runFolder);
    assertThat(cache).exists();
    Map<String, MetricPoint> latest = s.latestMetrics(run.id());
    assertThat(latest.get("loss").step()).isEqualTo(399);
    assertThat(latest.get("acc").step()).isEqualTo(399);
    assertThat(latest.get("acc").value()).isZero();

    Files.writeString(cache, "{\"series\":{\"loss\":{\"length\":3");
    assertThat(s.latestMetrics(run.id())).isEqualTo(latest);
    Files.delete(cache);
    assertThat(s.latestMetrics(run.id())).isEqualTo(latest);
    assertThat(s.series(run.id(), "acc")).extracting(MetricPoint::step)
        .containsExactlyElementsOf(IntStream.range(0, 400).mapToObj(i -> (long) i).toList());
  }

  @Test
  void aLongKeyIsKeptUnderItsHashWithTheKeyInTheHeader() throws Exception {
    String key = "K".repeat(255);
    s.log(run.id(), MetricPoint.of(key, 0, 1.0));

    assertThat(FileNames.isHashed(series(key).getFileName().toString())).isTrue();
    assertThat(lines(key).get(0)).contains("\"key\":\"" + key + "\"");
    assertThat(s.series(run.id(), key)).hasSize(1);
    assertThat(s.latestMetrics(run.id())).containsOnlyKeys(key);
  }

  @Test
  void aReadStreamsTheSeriesAndClosesTheFileWithTheStream() throws Exception {
    Path descriptors = Path.of("/proc/self/fd");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(descriptors), "Linux only");
    for (int batch = 0; batch < 50; batch++) {
      List<MetricPoint> points = new ArrayList<>();
      for (int step = batch * 200; step < (batch + 1) * 200; step++) {
        points.add(MetricPoint.of("loss", step, step));
      }
      s.log(run.id(), points);
    }
    long open = count(descriptors);
    for (int i = 0; i < 200; i++) {
      try (Stream<MetricPoint> points = s.streamSeries(run.id(), "loss")) {
        assertThat(points.findFirst()).get().extracting(MetricPoint::step).isEqualTo(0L);
      }
    }
    assertThat(count(descriptors)).isLessThanOrEqualTo(open + 2);
    assertThat(s.series(run.id(), "loss")).hasSize(10_000);
  }

  private static long count(Path folder) throws Exception {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.count();
    }
  }
}
