package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Archives;
import dev.labbook.ConflictException;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.Link;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.State;
import dev.labbook.States;
import dev.labbook.spi.Capability;
import dev.labbook.tck.Samples.Optimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * States and links: named documents saved with an experiment to resume a search (Ax's
 * generation strategy), updated by compare-and-set across threads and instances; typed links
 * between experiments and between runs (sqltrack's), which go with the record they start at.
 */
abstract class StateAndLinkRules extends Rules {
  private static final Optimizer ADAM = new Optimizer("adam", 0.001, List.of(64, 32));
  private static final int THREADS = 8;
  private static final int EACH = 10;

  StateAndLinkRules(StoreTck tck) {
    super(tck);
  }

  // ---- states --------------------------------------------------------------------------------

  @Test
  void aSavedStateReadsBackAsItsRegisteredClassWithItsVersion() {
    Experiment experiment = experiments().create("search");
    States states = experiments().states();
    State saved = states.save(experiment.id(), "optimizer", ADAM);
    states.save(experiment.id(), "plain", Map.of("trials", 3, "seed", List.of(1.5, "x")));

    State read = states.get(experiment.id(), "optimizer");
    assertThat(read.value()).isEqualTo(ADAM);
    assertThat(read.version()).isZero();
    assertThat(read.created()).isEqualTo(saved.created()).isEqualTo(read.updated());
    assertThat(states.get(experiment.id(), "plain").value())
        .isEqualTo(Map.of("trials", 3L, "seed", List.of(1.5, "x")));
    assertThat(states.names(experiment.id())).containsExactly("optimizer", "plain");
  }

  @Test
  void aStateUpdatesByCompareAndSetAndAStaleUpdateConflictsChangingNothing() {
    Experiment experiment = experiments().create("search");
    States states = experiments().states();
    State first = states.save(experiment.id(), "optimizer", ADAM);
    Optimizer next = new Optimizer("adam", 0.0005, List.of(64, 32));

    State updated = states.update(first.withValue(next));
    assertThatThrownBy(() -> states.update(first.withValue(ADAM)))
        .isInstanceOf(ConflictException.class);

    State read = states.get(experiment.id(), "optimizer");
    assertThat(updated.version()).isEqualTo(1);
    assertThat(read.value()).isEqualTo(next);
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.created()).isEqualTo(first.created());
  }

  @Test
  void statesAreKeptApartByExperimentAndByExactNameAndADuplicateIsRefused() {
    Experiment a = experiments().create("a");
    Experiment b = experiments().create("b");
    States states = experiments().states();
    List<String> names = List.of("opt", "Opt", "opt.v2", "$opt", "opt/1", "opt 1", "ö", "o\u0308");
    for (String name : names) {
      states.save(a.id(), name, Map.of("name", name));
    }
    states.save(b.id(), "opt", Map.of("name", "b"));

    assertThatThrownBy(() -> states.save(a.id(), "opt", Map.of()))
        .isInstanceOf(DuplicateNameException.class).hasMessageContaining("opt");
    for (String name : names) {
      assertThat(states.get(a.id(), name).value()).isEqualTo(Map.of("name", name));
    }
    assertThat(states.names(a.id())).containsExactlyInAnyOrderElementsOf(names);
    assertThat(states.get(b.id(), "opt").value()).isEqualTo(Map.of("name", "b"));
  }

  @Test
  void aDeletedStateIsGoneAndDeletingTheExperimentDeletesItsStatesAndLinks() {
    Experiment experiment = experiments().create("search");
    Run first = experiments().createRun(experiment.id());
    Run second = experiments().createRun(experiment.id());
    // taken before any state or link: importing it later brings back the same ids, bare
    ByteArrayOutputStream bare = new ByteArrayOutputStream();
    store().archives().export(experiment.id(), bare, Archives.ExportOptions.defaults());
    States states = experiments().states();
    states.save(experiment.id(), "one", Map.of());
    states.save(experiment.id(), "two", Map.of());
    experiments().links().add(experiment.id(), "self", experiment.id());
    experiments().links().add(second.id(), "resumes", first.id());

    states.delete(experiment.id(), "one");
    assertThat(states.find(experiment.id(), "one")).isEmpty();
    assertThatThrownBy(() -> states.delete(experiment.id(), "one"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("one");

    experiments().delete(experiment.id());
    assertThatThrownBy(() -> states.names(experiment.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> states.save(experiment.id(), "two", Map.of()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(experiment.id());
    store().archives().importFrom(new ByteArrayInputStream(bare.toByteArray()), false);
    assertThat(states.names(experiment.id())).as("states of the deleted experiment").isEmpty();
    assertThat(experiments().links().from(experiment.id())).as("links of the deleted experiment").isEmpty();
    assertThat(experiments().links().from(second.id())).as("links of its deleted runs").isEmpty();
  }

  @Test
  void stateUpdatesFromManyThreadsRetryingOnConflictAllCount() {
    Experiment experiment = experiments().create("search");
    experiments().states().save(experiment.id(), "counter", Map.of("n", 0));
    countFromManyThreads(experiment.id(), null);
    assertThat(experiments().states().get(experiment.id(), "counter").value())
        .isEqualTo(Map.of("n", (long) THREADS * EACH));
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void stateUpdatesFromTwoInstancesRetryingOnConflictAllCount() {
    Labbook other = second();
    Experiment experiment = experiments().create("search");
    experiments().states().save(experiment.id(), "counter", Map.of("n", 0));
    countFromManyThreads(experiment.id(), other);
    assertThat(other.experiments().states().get(experiment.id(), "counter").value())
        .isEqualTo(Map.of("n", (long) THREADS * EACH));
  }

  // ---- links ---------------------------------------------------------------------------------

  @Test
  void linksBetweenExperimentsAndBetweenRunsAreTypedListedAndRemovable() {
    Experiment a = experiments().create("a");
    Experiment b = experiments().create("b");
    Run first = experiments().createRun(a.id());
    Run second = experiments().createRun(a.id());
    Run other = experiments().createRun(b.id());

    experiments().states().save(a.id(), "optimizer", ADAM); // states and links do not mix
    Link link = experiments().links().add(a.id(), "baseline", b.id());
    experiments().links().add(a.id(), "baseline", b.id()); // again: nothing changes
    experiments().links().add(a.id(), "follows", b.id());
    experiments().links().add(second.id(), "resumes", first.id());
    experiments().links().add(second.id(), "compare/with.$", other.id());

    assertThat(link).extracting(Link::from, Link::type, Link::to).containsExactly(a.id(), "baseline", b.id());
    assertThat(experiments().links().from(a.id())).extracting(Link::type, Link::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("baseline", b.id()),
            org.assertj.core.groups.Tuple.tuple("follows", b.id()));
    assertThat(experiments().links().from(second.id())).extracting(Link::type)
        .containsExactly("compare/with.$", "resumes");
    assertThat(experiments().links().from(b.id())).isEmpty();
    assertThat(experiments().states().names(a.id())).containsExactly("optimizer");

    assertThat(experiments().links().remove(a.id(), "baseline", b.id())).isTrue();
    assertThat(experiments().links().remove(a.id(), "baseline", b.id())).isFalse();
    assertThat(experiments().links().from(a.id())).extracting(Link::type).containsExactly("follows");
  }

  @Test
  void aLinkBetweenAnExperimentAndARunOrToNothingIsRefusedAndNothingIsStored() {
    Experiment a = experiments().create("a");
    Run run = experiments().createRun(a.id());

    assertThatThrownBy(() -> experiments().links().add(a.id(), "has", run.id()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(run.id());
    assertThatThrownBy(() -> experiments().links().add(a.id(), "to", "no-such-record"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-record");
    assertThatThrownBy(() -> experiments().links().add(a.id(), "bad\ttype", a.id()))
        .isInstanceOf(InvalidInputException.class);
    assertThat(experiments().links().from(a.id())).isEmpty();
    assertThat(experiments().links().from(run.id())).isEmpty();
  }

  @Test
  void linksGoWithTheRecordTheyStartAtAndLinksToADeletedRecordAreNoLongerListed() {
    Experiment a = experiments().create("a");
    Experiment b = experiments().create("b");
    Run first = experiments().createRun(a.id());
    Run second = experiments().createRun(a.id());
    experiments().links().add(a.id(), "baseline", b.id());
    experiments().links().add(b.id(), "baseline", a.id());
    experiments().links().add(second.id(), "resumes", first.id());

    experiments().deleteRun(first.id());
    assertThat(experiments().links().from(second.id())).isEmpty();
    experiments().delete(b.id());
    assertThat(experiments().links().from(a.id())).isEmpty();
    assertThatThrownBy(() -> experiments().links().from(b.id())).isInstanceOf(NotFoundException.class);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void countFromManyThreads(String experimentId, Labbook other) {
    Threads.together(THREADS, timeout(), thread -> {
      States states = (other == null || thread % 2 == 0 ? store() : other).experiments().states();
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        while (true) {
          State current = states.get(experimentId, "counter");
          long n = ((Number) ((Map<?, ?>) current.value()).get("n")).longValue();
          try {
            states.update(current.withValue(Map.of("n", n + 1)));
            seen.add(n);
            break;
          } catch (ConflictException lost) {
            // another writer won this version: read again
          }
        }
      }
      return seen;
    });
  }
}
