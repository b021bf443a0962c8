package dev.labbook.store.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConflictException;
import dev.labbook.Experiment;
import dev.labbook.InvalidNameException;
import dev.labbook.Labbook;
import dev.labbook.Run;
import dev.labbook.spi.Capability;
import dev.labbook.spi.StoreSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances opened on one {@code mem:<name>} share it, as two processes share a database. */
class NamedMemoryStoreTest {
  private static final String NAME = "named-memory-store-test";

  private static Labbook open(String uri) {
    return Labbook.builder().settings(StoreSettings.of(uri, Map.of())).open();
  }

  @AfterEach
  void forget() {
    MemoryStoreProvider.drop(NAME);
  }

  @Test
  void twoInstancesOfOneNameSeeEachOthersWritesAndAPrivateStoreSeesNothing() {
    try (Labbook first = open("mem:" + NAME); Labbook second = open("mem:" + NAME); Labbook other = open("mem:")) {
      Experiment created = first.experiments().create("shared");
      assertThat(second.experiments().getByName("shared")).isEqualTo(created);
      assertThat(other.experiments().list()).isEmpty();
      Experiment updated = second.experiments().update(created.withDescription("by second"));
      assertThatThrownBy(() -> first.experiments().update(created.withDescription("stale")))
          .isInstanceOf(ConflictException.class);
      assertThat(first.experiments().get(created.id())).isEqualTo(updated);
    }
  }

  @Test
  void runNumbersStayGapFreeAcrossInstances() throws Exception {
    try (Labbook first = open("mem:" + NAME); Labbook second = open("mem:" + NAME)) {
      String experimentId = first.experiments().create("numbers").id();
      List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (Labbook lab : List.of(first, second, first, second)) {
          done.add(pool.submit(() -> {
            for (int i = 0; i < 100; i++) {
              numbers.add(lab.experiments().createRun(experimentId).number());
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(numbers).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 400).boxed().toList());
      assertThat(second.experiments().runs(experimentId).map(Run::number).toList()).hasSize(400);
    }
  }

  @Test
  void closingOneInstanceLeavesTheOtherWorking() {
    Labbook first = open("mem:" + NAME);
    try (Labbook second = open("mem:" + NAME)) {
      first.experiments().create("kept");
      first.close();
      assertThat(second.experiments().getByName("kept").name()).isEqualTo("kept");
    }
  }

  @Test
  void aPrivateStoreDeclaresArtifactsAndANamedOneMultiProcessTooAndBadNamesAreRejected() {
    try (Labbook lab = open("mem:")) {
      assertThat(lab.capabilities().declared()).containsExactly(Capability.ARTIFACTS);
    }
    try (Labbook lab = open("mem:capabilities")) {
      assertThat(lab.capabilities().declared())
          .containsExactlyInAnyOrder(Capability.ARTIFACTS, Capability.MULTI_PROCESS);
    } finally {
      MemoryStoreProvider.drop("capabilities");
    }
    assertThatThrownBy(() -> open("mem: padded")).isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("in-memory store name");
  }
}
