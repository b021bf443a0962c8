package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Experiment;
import dev.labbook.ExperimentStore;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.internal.Names;
import dev.labbook.spi.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the whole store: every valid name is a record of its own, nothing is written outside
 * the store's folder, and ids that look like paths find nothing.
 */
class NamesAreDataTest {
  @TempDir Path folder;

  private static List<String> validNames() {
    List<String> names = new ArrayList<>();
    for (String name : FileNamesTest.names()) {
      try {
        names.add(Names.check("name", name));
      } catch (InvalidInputException e) {
        // not a valid Labbook name: core refuses it before a store sees it
      }
    }
    return names.subList(0, Math.min(names.size(), 300));
  }

  /** Valid artifact paths of one and two segments made of the names, and a file beside a folder. */
  private static List<String> artifactPaths(List<String> names) {
    List<String> paths = new ArrayList<>(List.of("a", "a/b", "a/b/c"));
    for (int i = 0; i < 150; i++) {
      for (String path : List.of(names.get(i), names.get(i) + "/" + names.get(i + 1))) {
        try {
          paths.add(dev.labbook.internal.ArtifactPaths.check(path));
        } catch (InvalidInputException e) {
          // not a valid artifact path
        }
      }
    }
    return paths.stream().distinct().toList();
  }

  private Labbook open() {
    return Labbook.builder().settings(StoreSettings.of("json:" + folder.resolve("store"),
        Map.of("fsync", "false"))).codecs(ChildMain.codecs()).open();
  }

  @Test
  void everyValidNameIsItsOwnRecordAndStaysInsideTheStore() throws Exception {
    List<String> names = validNames();
    assertThat(names).contains("..", "/", "\\", ":", "*", "CON", "con", "con.txt", "A", "a",
        "\u00e9", "e\u0301", "x".repeat(255));
    try (Labbook lab = open()) {
      ExperimentStore s = lab.experiments();
      Run run = s.createRun(s.create("holder").id());
      for (String name : names) {
        s.create(name);
        lab.configs().put(new MatchesTheReferenceStoreTest.Cfg(name, name.length(), List.of()));
      }
      List<MetricPoint> points = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        points.add(MetricPoint.of(names.get(i), i, i));
      }
      s.log(run.id(), points);
      for (String path : artifactPaths(names)) {
        s.putArtifact(run.id(), path, path.getBytes(StandardCharsets.UTF_8));
      }
    }

    try (Stream<Path> beside = Files.list(folder)) {
      assertThat(beside).containsExactly(folder.resolve("store"));
    }
    try (Labbook lab = open()) {
      ExperimentStore s = lab.experiments();
      for (String name : names) {
        Experiment e = s.getByName(name);
        assertThat(e.name()).isEqualTo(name);
        assertThat(lab.configs().get(MatchesTheReferenceStoreTest.Cfg.class, name).size())
            .isEqualTo(name.length());
      }
      assertThat(s.list().map(Experiment::name)).hasSize(names.size() + 1);
      assertThat(lab.configs().names(MatchesTheReferenceStoreTest.Cfg.class))
          .containsExactlyInAnyOrderElementsOf(names);
      Run run = s.runs(s.getByName("holder").id()).findFirst().orElseThrow();
      Map<String, MetricPoint> latest = s.latestMetrics(run.id());
      assertThat(latest).containsOnlyKeys(names);
      for (int i = 0; i < names.size(); i++) {
        assertThat(latest.get(names.get(i)).step()).isEqualTo(i);
        assertThat(s.series(run.id(), names.get(i))).hasSize(1);
      }
      List<String> paths = artifactPaths(names);
      assertThat(s.artifacts(run.id())).extracting(dev.labbook.Artifact::path)
          .containsExactlyInAnyOrderElementsOf(paths);
      for (String path : paths) {
        assertThat(new String(s.readArtifact(run.id(), path), StandardCharsets.UTF_8)).isEqualTo(path);
      }
    }
  }

  @Test
  void idsThatLookLikePathsFindNothing() throws Exception {
    Files.createDirectories(folder.resolve("outside"));
    Files.writeString(folder.resolve("outside/experiment.json"), "{}");
    try (Labbook lab = open()) {
      ExperimentStore s = lab.experiments();
      s.create("x");
      for (String id : List.of("..", ".", "../..", "../outside", "/", "\\..\\..", "experiments",
          "x", "~", "%2E%2E", "a/../../outside")) {
        assertThat(s.find(id)).as(id).isEmpty();
        assertThat(s.findRun(id)).as(id).isEmpty();
        assertThatThrownBy(() -> s.latestMetrics(id)).as(id).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> s.artifacts(id)).as(id).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> s.delete(id)).as(id).isInstanceOf(NotFoundException.class);
      }
    }
  }
}
