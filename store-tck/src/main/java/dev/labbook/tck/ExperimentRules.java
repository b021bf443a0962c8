package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConflictException;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.InvalidInputException;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Experiments: creating them by name or from a spec (with default metadata under the caller's),
 * reading them back by id and by name, unique names, listing and paging them, compare-and-set
 * updates and renames, and deleting them with everything under them.
 */
abstract class ExperimentRules extends Rules {
  /** A time with nanoseconds, so that rules see whether the store keeps milliseconds only. */
  private static final Instant START = Instant.parse("2024-03-01T10:15:30.123456789Z");

  ExperimentRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void anExperimentCreatedByNameReadsBackByIdAndByName() {
    Experiment created = experiments().create("resnet-sweep");

    assertThat(created.name()).isEqualTo("resnet-sweep");
    assertThat(created.id()).isNotBlank();
    assertThat(created.version()).isZero();
    assertThat(created.description()).isNull();
    assertThat(created.tags()).isEmpty();
    assertThat(created.updated()).isEqualTo(created.created());
    assertThat(experiments().get(created.id())).isEqualTo(created);
    assertThat(experiments().getByName("resnet-sweep")).isEqualTo(created);
  }

  @Test
  void anExperimentSpecRoundTripsDescriptionTagsAndMetadata() {
    Map<String, Object> metadata = Map.of("machine", "gpu-4", "gpus", 2L, "share", 0.5,
        "preemptible", true, "zones", List.of("a", "b"), "budget", Map.of("hours", 12L));

    Experiment created = experiments().create(ExperimentSpec.named("lr-sweep")
        .description("learning-rate sweep").tags("sweep", "baseline").metadata(metadata));

    assertThat(created.description()).isEqualTo("learning-rate sweep");
    assertThat(created.tags()).containsExactly("baseline", "sweep");
    assertThat(created.metadata()).containsAllEntriesOf(metadata);
    assertThat(experiments().get(created.id())).isEqualTo(created);
    assertThat(experiments().getByName("lr-sweep")).isEqualTo(created);
  }

  @Test
  void creatingAnExperimentWithATakenNameFailsAndKeepsTheOriginal() {
    Experiment original = experiments().create(ExperimentSpec.named("taken").description("first"));

    assertThatThrownBy(() -> experiments().create(ExperimentSpec.named("taken").description("second")))
        .isInstanceOf(DuplicateNameException.class)
        .hasMessageContaining("taken");

    assertThat(experiments().getByName("taken")).isEqualTo(original);
    assertThat(ids(experiments().list())).containsExactly(original.id());
  }

  @Test
  void experimentMetadataHoldsTheDefaultsUnderTheCallersValues() {
    Experiment plain = experiments().create("plain");
    Experiment own = experiments().create(ExperimentSpec.named("own")
        .metadata("user", "alice").metadata("host", "gpu-4").metadata("project", "vision"));

    Map<String, Object> defaults = experiments().get(plain.id()).metadata();
    assertThat(defaults).containsEntry("user", System.getProperty("user.name"))
        .containsEntry("javaVersion", Runtime.version().toString())
        .containsEntry("created", plain.created().toString());
    assertThat(defaults.get("host")).isInstanceOf(String.class).asString().isNotBlank();
    assertThat(experiments().get(own.id()).metadata())
        .containsEntry("user", "alice")
        .containsEntry("host", "gpu-4")
        .containsEntry("project", "vision")
        .containsEntry("javaVersion", Runtime.version().toString())
        .containsEntry("created", own.created().toString());
  }

  @Test
  void findingAnUnknownExperimentByIdOrNameGivesNothing() {
    experiments().create("known");

    assertThat(experiments().find(UUID.randomUUID().toString())).isEmpty();
    assertThat(experiments().findByName("unknown")).isEmpty();
  }

  @Test
  void gettingAnUnknownExperimentFailsWithNotFoundNamingIt() {
    experiments().create("known");
    String id = UUID.randomUUID().toString();

    assertThatThrownBy(() -> experiments().get(id))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(id);
    assertThatThrownBy(() -> experiments().getByName("unknown"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("unknown");
  }

  @Test
  void listingExperimentsGivesAllInCreationOrderOverSeveralPages() {
    // More than the 256 records core fetches per round trip while streaming.
    List<String> created = createNumbered(300);

    try (Stream<Experiment> listed = experiments().list()) {
      assertThat(listed.map(Experiment::id).toList()).containsExactlyElementsOf(created);
    }
  }

  @Test
  void pagingExperimentsWithCursorsGivesEachExactlyOnce() {
    List<String> created = createNumbered(30);

    List<Page<Experiment>> byId = pages(Query.all().limit(7), false);
    assertThat(byId.stream().map(page -> page.items().size())).containsExactly(7, 7, 7, 7, 2);
    assertThat(byId.stream().flatMap(page -> ids(page.items().stream()).stream()))
        .containsExactlyElementsOf(created);

    // The same through cursor tokens, as a client that hands them out would.
    List<Page<Experiment>> byNameDescending =
        pages(Query.all().orderBy("name", Direction.DESC).limit(7), true);
    assertThat(byNameDescending.stream().flatMap(page -> page.items().stream()).map(Experiment::name))
        .containsExactlyElementsOf(
            IntStream.range(0, 30).map(i -> 29 - i).mapToObj(ExperimentRules::numbered).toList());
  }

  @Test
  @CheckedByCore
  void aPageOfExperimentsWithoutALimitHoldsOneHundred() {
    List<String> created = createNumbered(150);

    Page<Experiment> first = experiments().page(Query.all());
    assertThat(ids(first.items().stream())).containsExactlyElementsOf(created.subList(0, 100));
    assertThat(first.next()).isPresent();
    Page<Experiment> second = experiments().page(Query.all().after(first.next().orElseThrow()));
    assertThat(ids(second.items().stream())).containsExactlyElementsOf(created.subList(100, 150));
    assertThat(second.next()).isEmpty();
  }

  @Test
  void updatingAnExperimentStoresTheChangesAndBumpsVersionAndUpdatedTime() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    Experiment created = experiments().create(ExperimentSpec.named("sweep")
        .description("old").tags("old").metadata("machine", "gpu-1"));
    clock.advance(Duration.ofSeconds(5));

    Experiment updated = experiments().update(created.withDescription("new")
        .withTags(Set.of("b", "a")).withMetadata(Map.of("machine", "gpu-4", "runs", 3L)));

    assertThat(updated.version()).isEqualTo(1);
    assertThat(updated.created()).isEqualTo(created.created());
    assertThat(updated.updated()).isEqualTo(clock.nowInMillis());
    assertThat(updated.description()).isEqualTo("new");
    assertThat(updated.tags()).containsExactly("a", "b");
    // withMetadata replaces the metadata: the defaults are not merged in again.
    assertThat(updated.metadata()).isEqualTo(Map.of("machine", "gpu-4", "runs", 3L));
    assertThat(experiments().get(created.id())).isEqualTo(updated);
    assertThat(experiments().getByName("sweep")).isEqualTo(updated);

    clock.advance(Duration.ofSeconds(5));
    Experiment again = experiments().update(updated.withDescription(null));
    assertThat(again.version()).isEqualTo(2);
    assertThat(again.updated()).isEqualTo(clock.nowInMillis());
    assertThat(experiments().get(created.id())).isEqualTo(again);
    assertThat(again.description()).isNull();
  }

  @Test
  void updatingAnExperimentFromAStaleVersionFailsWithConflictAndChangesNothing() {
    Experiment read = experiments().create(ExperimentSpec.named("sweep").description("original"));
    Experiment current = experiments().update(read.withDescription("first"));

    assertThatThrownBy(() -> experiments().update(read.withDescription("second")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(read.id())
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.recordId()).isEqualTo(read.id()));
    assertThatThrownBy(() -> experiments().update(read.withName("renamed")))
        .isInstanceOf(ConflictException.class);

    assertThat(experiments().get(read.id())).isEqualTo(current);
    assertThat(experiments().getByName("sweep")).isEqualTo(current);
    assertThat(experiments().findByName("renamed")).isEmpty();
  }

  @Test
  @CheckedByCore
  void updatingAnExperimentWithAForgedCreatedTimeIsRejected() {
    Experiment stored = experiments().create("sweep");
    Experiment forged = new Experiment(stored.id(), stored.name(), "changed", stored.tags(),
        stored.metadata(), stored.created().minusSeconds(3600), stored.updated(), stored.version());

    assertThatThrownBy(() -> experiments().update(forged))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(stored.id());

    assertThat(experiments().get(stored.id())).isEqualTo(stored);
  }

  @Test
  void renamingAnExperimentToATakenNameFailsAndChangesNothing() {
    Experiment first = experiments().create("first");
    Experiment second = experiments().create(ExperimentSpec.named("second").description("kept"));

    assertThatThrownBy(() -> experiments().update(second.withName("first").withDescription("lost")))
        .isInstanceOf(DuplicateNameException.class)
        .hasMessageContaining("first");

    assertThat(experiments().get(second.id())).isEqualTo(second);
    assertThat(experiments().getByName("second")).isEqualTo(second);
    assertThat(experiments().getByName("first")).isEqualTo(first);
  }

  @Test
  void renamingAnExperimentFreesItsOldName() {
    Experiment original = experiments().create("old-name");

    Experiment renamed = experiments().update(original.withName("new-name"));

    assertThat(experiments().findByName("old-name")).isEmpty();
    assertThat(experiments().getByName("new-name")).isEqualTo(renamed);
    Experiment reuser = experiments().create("old-name");
    assertThat(reuser.id()).isNotEqualTo(original.id());
    assertThat(experiments().getByName("old-name")).isEqualTo(reuser);
    assertThat(experiments().get(original.id())).isEqualTo(renamed);
  }

  @Test
  void deletingAnExperimentRemovesItAndItsName() {
    Experiment doomed = experiments().create("doomed");
    Experiment kept = experiments().create("kept");

    experiments().delete(doomed.id());

    assertThat(experiments().find(doomed.id())).isEmpty();
    assertThat(experiments().findByName("doomed")).isEmpty();
    assertThat(ids(experiments().list())).containsExactly(kept.id());
    assertThat(experiments().get(kept.id())).isEqualTo(kept);
  }

  @Test
  void deletingAnExperimentDeletesItsRunsAndTheirMetrics() {
    Experiment doomed = experiments().create("doomed");
    Experiment kept = experiments().create("kept");
    Run first = experiments().createRun(doomed.id());
    Run second = experiments().createRun(doomed.id());
    Run survivor = experiments().createRun(kept.id());
    for (Run run : List.of(first, second, survivor)) {
      experiments().log(run.id(), MetricPoint.of("loss", 0, 0.5), MetricPoint.of("loss", 1, 0.25));
    }

    experiments().delete(doomed.id());

    for (Run gone : List.of(first, second)) {
      assertThat(experiments().findRun(gone.id())).isEmpty();
      assertThatThrownBy(() -> experiments().getRun(gone.id()))
          .isInstanceOf(NotFoundException.class).hasMessageContaining(gone.id());
      assertThatThrownBy(() -> experiments().series(gone.id(), "loss"))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> experiments().latestMetrics(gone.id()))
          .isInstanceOf(NotFoundException.class);
    }
    assertThatThrownBy(() -> experiments().runs(doomed.id()).toList())
        .isInstanceOf(NotFoundException.class);
    try (Stream<Run> all = experiments().runs(Query.all())) {
      assertThat(all.map(Run::id)).containsExactly(survivor.id());
    }
    assertThat(experiments().series(survivor.id(), "loss")).extracting(MetricPoint::value)
        .containsExactly(0.5, 0.25);
  }

  @Test
  void deletingAnUnknownExperimentFailsWithNotFoundAndChangesNothing() {
    Experiment kept = experiments().create("kept");
    Run run = experiments().createRun(kept.id());
    String unknown = UUID.randomUUID().toString();

    assertThatThrownBy(() -> experiments().delete(unknown))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);

    assertThat(ids(experiments().list())).containsExactly(kept.id());
    assertThat(experiments().get(kept.id())).isEqualTo(kept);
    assertThat(experiments().getRun(run.id())).isEqualTo(run);
  }

  @Test
  void deletingAnExperimentTwiceFailsTheSecondTime() {
    Experiment doomed = experiments().create("doomed");
    experiments().delete(doomed.id());

    assertThatThrownBy(() -> experiments().delete(doomed.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(doomed.id());
  }

  @Test
  void updatingADeletedExperimentFailsWithNotFound() {
    Experiment doomed = experiments().create("doomed");
    experiments().delete(doomed.id());

    assertThatThrownBy(() -> experiments().update(doomed.withDescription("too late")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(doomed.id());

    assertThat(experiments().find(doomed.id())).isEmpty();
    assertThat(experiments().findByName("doomed")).isEmpty();
  }

  @Test
  void theNameOfADeletedExperimentCanBeReused() {
    Experiment doomed = experiments().create(ExperimentSpec.named("reused").description("old"));
    experiments().createRun(doomed.id());
    experiments().delete(doomed.id());

    Experiment reborn = experiments().create(ExperimentSpec.named("reused").description("new"));

    assertThat(reborn.id()).isNotEqualTo(doomed.id());
    assertThat(reborn.version()).isZero();
    assertThat(experiments().getByName("reused")).isEqualTo(reborn);
    assertThat(experiments().runs(reborn.id()).toList()).isEmpty();
    assertThat(experiments().createRun(reborn.id()).number()).isZero();
  }

  @Test
  void experimentTimesAreKeptToTheMillisecond() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);

    Experiment created = experiments().create("timed");
    assertThat(created.created()).isEqualTo(Instant.parse("2024-03-01T10:15:30.123Z"));
    assertThat(created.updated()).isEqualTo(created.created());
    assertThat(experiments().get(created.id())).isEqualTo(created);

    clock.advance(Duration.ofNanos(1_000_999));
    Experiment updated = experiments().update(created.withDescription("later"));
    assertThat(updated.updated()).isEqualTo(Instant.parse("2024-03-01T10:15:30.124Z"));
    assertThat(experiments().get(created.id())).isEqualTo(updated);
    assertThat(experiments().getByName("timed").created()).isEqualTo(created.created());
  }

  /** Creates experiments {@code exp-000}, {@code exp-001}… one after another; their ids. */
  private List<String> createNumbered(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(experiments().create(numbered(i)).id());
    }
    return ids;
  }

  private static String numbered(int i) {
    return String.format("exp-%03d", i);
  }

  /** Every page of a query, following each page's next cursor (through its token if asked). */
  private List<Page<Experiment>> pages(Query first, boolean throughTokens) {
    List<Page<Experiment>> pages = new ArrayList<>();
    Optional<Cursor> next = Optional.empty();
    do {
      Query query = next.isEmpty() ? first
          : throughTokens ? first.after(next.get().token()) : first.after(next.get());
      Page<Experiment> page = experiments().page(query);
      assertThat(pages).as("pages before one that repeats the cursor").hasSizeLessThan(1000);
      pages.add(page);
      next = page.next();
    } while (next.isPresent());
    return pages;
  }

  private static List<String> ids(Stream<Experiment> experiments) {
    try (experiments) {
      return experiments.map(Experiment::id).toList();
    }
  }
}
