package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.query.Direction;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentsTest {
  private Labbook lab;
  private ExperimentStore experiments;

  @BeforeEach
  void open() {
    lab = TestStores.memory();
    experiments = lab.experiments();
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void aCreatedExperimentIsFoundByIdAndByName() {
    Experiment created = experiments.create(ExperimentSpec.named("sweep").description("lr sweep").tags("b", "a"));
    assertThat(created.version()).isZero();
    assertThat(created.tags()).containsExactly("a", "b");
    assertThat(experiments.get(created.id())).isEqualTo(created);
    assertThat(experiments.getByName("sweep")).isEqualTo(created);
  }

  @Test
  void creatingADuplicateNameFailsAndKeepsTheOriginal() {
    Experiment first = experiments.create(ExperimentSpec.named("sweep").description("first"));
    assertThatThrownBy(() -> experiments.create(ExperimentSpec.named("sweep").description("second")))
        .isInstanceOf(DuplicateNameException.class).hasMessageContaining("experiment").hasMessageContaining("sweep");
    assertThat(experiments.getByName("sweep")).isEqualTo(first);
    assertThat(experiments.list()).hasSize(1);
  }

  @Test
  void metadataIsMergedOverTheDefaultsAndTheCallerWins() {
    Experiment e = experiments.create(ExperimentSpec.named("m")
        .metadata(Map.of("machine", "gpu-4", "user", "bob")));
    assertThat(e.metadata()).containsEntry("machine", "gpu-4").containsEntry("user", "bob")
        .containsEntry("javaVersion", Runtime.version().toString())
        .containsKeys("host", "created");
    assertThat(experiments.create("n").metadata()).containsEntry("user", System.getProperty("user.name"));
  }

  @Test
  void timesComeFromTheClockAtMillisecondPrecision() {
    Instant at = Instant.parse("2026-03-04T05:06:07.123456789Z");
    try (Labbook fixed = Labbook.builder().settings(dev.labbook.spi.StoreSettings.of("mem:", Map.of()))
        .clock(Clock.fixed(at, ZoneOffset.UTC)).open()) {
      Experiment e = fixed.experiments().create("timed");
      assertThat(e.created()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123Z"));
      assertThat(e.metadata()).containsEntry("created", "2026-03-04T05:06:07.123Z");
    }
  }

  @Test
  void missingExperimentsAreNotFoundNamingWhatWasAskedFor() {
    assertThatThrownBy(() -> experiments.get("no-such-id"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-id");
    assertThatThrownBy(() -> experiments.getByName("ghost"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
    assertThatThrownBy(() -> experiments.delete("no-such-id")).isInstanceOf(NotFoundException.class);
    assertThat(experiments.find("no-such-id")).isEmpty();
  }

  @Test
  void malformedIdsAreInvalidInputNotMissingRecords() {
    String tooLong = "id-" + "x".repeat(300);
    assertThatThrownBy(() -> experiments.get(tooLong))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("experiment id")
        .hasMessageContaining("id-xxx").hasMessageContaining("303 characters");
    assertThatThrownBy(() -> experiments.getRun("")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("run id is missing (empty)");
    assertThatThrownBy(() -> experiments.find(null)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("experiment id is missing (null)");
    assertThat(experiments.find("x".repeat(255))).isEmpty();
  }

  @Test
  void listingStreamsEveryExperimentInCreationOrderAcrossPages() {
    List<String> names = IntStream.range(0, 600).mapToObj(i -> "e" + i).toList();
    names.forEach(experiments::create);
    try (Stream<Experiment> all = experiments.list()) {
      assertThat(all.map(Experiment::name)).containsExactlyElementsOf(names);
    }
    assertThat(experiments.list(Query.all().limit(3)).map(Experiment::name)).containsExactly("e0", "e1", "e2");
  }

  @Test
  void pagesFollowEachOtherByCursor() {
    IntStream.range(0, 7).forEach(i -> experiments.create("e" + i));
    Query query = Query.all().orderBy("name", Direction.DESC).limit(3);
    Page<Experiment> first = experiments.page(query);
    Page<Experiment> second = experiments.page(query.after(first.next().orElseThrow().token()));
    Page<Experiment> third = experiments.page(query.after(second.next().orElseThrow()));
    assertThat(first.items()).extracting(Experiment::name).containsExactly("e6", "e5", "e4");
    assertThat(second.items()).extracting(Experiment::name).containsExactly("e3", "e2", "e1");
    assertThat(third.items()).extracting(Experiment::name).containsExactly("e0");
    assertThat(third.next()).isEmpty();
  }

  @Test
  void listingFiltersWithTheQueryModel() {
    experiments.create(ExperimentSpec.named("a").tags("baseline").metadata("gpus", 8));
    experiments.create(ExperimentSpec.named("b").metadata("gpus", 2));
    experiments.create(ExperimentSpec.named("c").tags("baseline").metadata("gpus", 1));
    assertThat(experiments.list(Query.parse("tags contains 'baseline' and metadata.gpus > 1"))
        .map(Experiment::name)).containsExactly("a");
    assertThatThrownBy(() -> experiments.list(Query.parse("params.lr > 1")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("params");
  }

  @Test
  void anUpdateWithTheCurrentVersionWinsAndBumpsIt() {
    Experiment e = experiments.create("u");
    Experiment updated = experiments.update(e.withDescription("new").withTags(Set.of("x")));
    assertThat(updated.version()).isEqualTo(1);
    assertThat(updated.updated()).isAfterOrEqualTo(e.updated());
    assertThat(experiments.get(e.id())).isEqualTo(updated);
  }

  @Test
  void aStaleUpdateRaisesAConflictAndChangesNothing() {
    Experiment e = experiments.create("u");
    Experiment winner = experiments.update(e.withDescription("first"));
    assertThatThrownBy(() -> experiments.update(e.withDescription("second")))
        .isInstanceOf(ConflictException.class).hasMessageContaining(e.id()).hasMessageContaining("reload");
    assertThat(experiments.get(e.id())).isEqualTo(winner);
  }

  @Test
  void theCreatedTimeCannotBeRewritten() {
    Experiment e = experiments.create("c");
    Experiment forged = new Experiment(e.id(), e.name(), e.description(), e.tags(), e.metadata(),
        Instant.parse("2000-01-01T00:00:00Z"), e.updated(), e.version());
    assertThatThrownBy(() -> experiments.update(forged))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("created");
    assertThat(experiments.get(e.id())).isEqualTo(e);
  }

  @Test
  void renamingOntoATakenNameFailsAndChangesNothing() {
    Experiment a = experiments.create("a");
    experiments.create("b");
    assertThatThrownBy(() -> experiments.update(a.withName("b"))).isInstanceOf(DuplicateNameException.class);
    assertThat(experiments.get(a.id())).isEqualTo(a);
    Experiment renamed = experiments.update(a.withName("c"));
    assertThat(experiments.getByName("c")).isEqualTo(renamed);
    assertThat(experiments.findByName("a")).isEmpty();
  }

  @Test
  void deletingAnExperimentCascadesToRunsMetricsAndArtifacts() {
    Experiment e = experiments.create("doomed");
    Experiment kept = experiments.create("kept");
    Run run = experiments.createRun(e.id());
    Run other = experiments.createRun(kept.id());
    experiments.log(run.id(), MetricPoint.of("loss", 0, 1.0));
    experiments.putArtifact(e.id(), "notes.txt", "hi".getBytes(StandardCharsets.UTF_8));
    experiments.putArtifact(run.id(), "logs/train.log", new byte[] {1, 2});

    experiments.delete(e.id());

    assertThat(experiments.find(e.id())).isEmpty();
    assertThat(experiments.findRun(run.id())).isEmpty();
    assertThatThrownBy(() -> experiments.series(run.id(), "loss")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> experiments.readArtifact(run.id(), "logs/train.log")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> experiments.readArtifact(e.id(), "notes.txt")).isInstanceOf(NotFoundException.class);
    assertThat(experiments.getRun(other.id())).isEqualTo(other);
    assertThat(experiments.list().map(Experiment::name)).containsExactly("kept");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " lead", "trail ", "tab\there", "nul\u0000", "new\nline", "\u00a0nbsp"})
  void badExperimentNamesAreRejectedNamingTheRuleAndNothingIsCreated(String name) {
    assertThatThrownBy(() -> experiments.create(name))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("experiment name")
        .hasMessageContaining("names are 1 to 255 characters");
    assertThat(experiments.list()).isEmpty();
  }

  @Test
  void overLongNamesAreRejectedAndNamesUpToTheLimitWork() {
    assertThatThrownBy(() -> experiments.create("x".repeat(256)))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("256 characters");
    assertThat(experiments.create("x".repeat(255)).name()).hasSize(255);
  }

  @Test
  void unusualButValidNamesRoundTrip() {
    for (String name : List.of("..", "a/b", "C:\\x", "CON", "'; drop table x; --", "\uD83D\uDE00 emoji", "e\u0301")) {
      assertThat(experiments.getByName(experiments.create(name).name()).name()).isEqualTo(name);
    }
  }

  @Test
  void badTagsAreRejectedAndNothingIsCreated() {
    assertThatThrownBy(() -> experiments.create(ExperimentSpec.named("t").tags("ok", "bad\n")))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("tag");
    assertThat(experiments.findByName("t")).isEmpty();
  }

  @Test
  void everyCallAfterCloseFailsClearly() {
    Experiment e = experiments.create("before");
    lab.close();
    lab.close(); // idempotent
    assertThatThrownBy(() -> experiments.get(e.id())).isInstanceOf(StoreClosedException.class).hasMessageContaining("mem:");
    assertThatThrownBy(() -> experiments.create("after")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> lab.configs().names(String.class)).isInstanceOf(StoreClosedException.class);
  }

  @Test
  void existsAndGetOrCreateFindByNameAndCreateOnlyOnce() {
    assertThat(experiments.exists("study")).isFalse();
    Experiment made = experiments.getOrCreate(ExperimentSpec.named("study").description("first"));
    Experiment again = experiments.getOrCreate(ExperimentSpec.named("study").description("ignored"));
    assertThat(experiments.exists("study")).isTrue();
    assertThat(again.id()).isEqualTo(made.id());
    assertThat(again.description()).isEqualTo("first");
    assertThat(experiments.list()).hasSize(1);
  }

  @Test
  void severalExperimentsAreDeletedInOneCallOrNoneWhenAnIdIsUnknown() {
    Experiment a = experiments.create("a");
    Experiment b = experiments.create("b");
    Experiment c = experiments.create("c");
    experiments.createRun(a.id());

    assertThatThrownBy(() -> experiments.delete(List.of(a.id(), "no-such-id", b.id())))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-id");
    assertThat(experiments.list()).hasSize(3);
    assertThat(experiments.runs(a.id())).hasSize(1);

    experiments.delete(List.of(a.id(), b.id(), a.id()));
    assertThat(experiments.list()).extracting(Experiment::id).containsExactly(c.id());
  }
}
