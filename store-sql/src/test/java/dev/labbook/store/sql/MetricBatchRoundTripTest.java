package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A metric batch costs one round trip to PostgreSQL, counted at the wire ({@link Wire}). */
class MetricBatchRoundTripTest {
  @Test
  void aBatchOfAThousandPointsIsSentInOneRoundTripAndCommittedInAnother() {
    try (Labbook labbook = TestDatabase.open(TestPostgres.freshSchema("batch", java.util.Map.of()))) {
      String run = labbook.experiments().createRun(labbook.experiments().create("wire").id()).id();
      List<MetricPoint> batch = new ArrayList<>();
      for (int step = 0; step < 1000; step++) {
        batch.add(MetricPoint.of(step % 2 == 0 ? "loss" : "acc", step, 1.0 / (step + 1)));
      }
      labbook.experiments().log(run, List.of(MetricPoint.of("warm-up", 0, 0))); // a pooled connection

      List<String> sent = Wire.capture(() -> labbook.experiments().log(run, batch));

      List<String> syncs = sent.stream().filter(m -> m.contains("FE=> Sync")).toList();
      // The inserts: from the first INSERT's Parse to the Sync after the last one's Execute.
      int firstInsert = indexOf(sent, "INSERT INTO lb_metric", true);
      int lastInsert = indexOf(sent, "INSERT INTO lb_metric", false);
      int end = firstInsert;
      while (end < sent.size() && !(end > lastInsert && sent.get(end).contains("FE=> Sync"))) {
        end++;
      }
      long syncsForTheInserts = sent.subList(firstInsert, Math.min(end + 1, sent.size())).stream()
          .filter(m -> m.contains("FE=> Sync")).count();
      long inserts = sent.subList(firstInsert, end).stream().filter(m -> m.contains("FE=> Execute")).count();
      System.out.printf("metric batch of 1000 points: %d messages, %d executes, %d syncs (round trips), "
          + "%d of them for the inserts%n", sent.size(), inserts, syncs.size(), syncsForTheInserts);
      assertThat(syncsForTheInserts).as("round trips carrying the inserts").isEqualTo(1);
      assertThat(syncs).as("round trips in all: the batch and the commit").hasSize(2);
      assertThat(labbook.experiments().series(run, "loss")).hasSize(500);
    }
  }

  private static int indexOf(List<String> sent, String text, boolean first) {
    int found = -1;
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i).contains(text)) {
        found = i;
        if (first) {
          break;
        }
      }
    }
    if (found < 0) {
      throw new AssertionError("no message of " + sent.size() + " mentions " + text);
    }
    return found;
  }
}
