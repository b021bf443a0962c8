package dev.labbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Assumptions;

/**
 * Every workload runs on every backend at smoke sizes, so the harness cannot break unnoticed.
 * Nothing here is timed against a bound (the machine is shared and noisy): the checks are that
 * each workload produced a sane figure for each backend and did the work it says it did.
 * A missing PostgreSQL or MongoDB server skips it on a developer's machine and fails it under
 * {@code CI=true}, as the stores' own tests do.
 */
@TestInstance(Lifecycle.PER_CLASS)
class BenchSmokeTest {
  private static final Sizes SIZES = Sizes.smoke();

  private Servers servers;
  private Results results;

  @BeforeAll
  void runTheHarness() throws Exception {
    try {
      servers = Servers.start();
    } catch (Exception | Error e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true and the bench's servers did not start", e);
      }
      Assumptions.abort("the bench's servers did not start: " + e);
    }
    results = Bench.run(servers, SIZES, List.of(Backend.values()), Bench.WORKLOADS);
  }

  @AfterAll
  void stopTheServers() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void noWorkloadFailedOnAnyBackend() {
    assertThat(results.figures()).filteredOn(f -> f.note().startsWith("FAILED")).isEmpty();
  }

  @Test
  void everyBackendHasAPositiveFigureForEveryWorkloadThatAppliesToIt() {
    for (Backend b : Backend.values()) {
      for (String[] row : List.of(
          new String[] {"W1", Measures.RUNS_PER_S},
          new String[] {"W2", Measures.POINTS_PER_S},
          new String[] {"W3", Measures.MEDIAN_MS},
          new String[] {"W4", Measures.MEDIAN_MS},
          new String[] {"W5", Measures.SCALE_RATIO},
          new String[] {"MEM", Measures.PEAK_HEAP})) {
        assertThat(results.find(row[0], row[1], b)).as(row[0] + " " + row[1] + " on " + b)
            .hasValueSatisfying(f -> assertThat(f.value()).isPositive().isFinite());
      }
      for (int level : SIZES.levels()) {
        assertThat(results.find("W5", Measures.msPerRunAt(level), b)).as("W5 at " + level + " on " + b).isPresent();
      }
    }
  }

  @Test
  void theRawBaselinesRanBesideTheStores() {
    assertThat(results.find("W2", Measures.COPY_POINTS_PER_S, Backend.POSTGRESQL)).isPresent();
    assertThat(results.find("W2", Measures.VS_COPY, Backend.POSTGRESQL)).isPresent();
    assertThat(results.find("W2", Measures.VS_JDBC, Backend.POSTGRESQL)).isPresent();
    assertThat(results.find("W2", Measures.VS_JDBC, Backend.H2)).isPresent();
    assertThat(results.find("W2", Measures.VS_RAW, Backend.MONGODB)).isPresent();
    assertThat(results.find("W2", Measures.VS_RAW, Backend.JSON)).isPresent();
  }

  @Test
  void theStreamingReadReadEveryPointInTheSmallHeap() {
    for (Backend b : Backend.values()) {
      assertThat(results.find("MEM", Measures.PEAK_HEAP, b).orElseThrow().note())
          .as("streaming on " + b).startsWith("streamed " + SIZES.ingestPoints() + " points");
    }
  }

  @Test
  void roundTripsAreCountedAtTwoSizesOnEveryServer() {
    for (Backend b : List.of(Backend.POSTGRESQL, Backend.H2, Backend.MONGODB)) {
      assertThat(results.find("W6", Measures.GROWTH, b)).as("W6 on " + b).isPresent();
      for (int level : SIZES.levels().subList(0, 2)) {
        for (String operation : Scale.OPERATIONS) {
          String kind = b == Backend.MONGODB ? "commands" : b == Backend.H2 ? "statements" : "round trips";
          assertThat(results.find("W6", Measures.operationAt(operation, level) + ", " + kind, b))
              .as(operation + " at " + level + " on " + b)
              .hasValueSatisfying(f -> assertThat(f.value()).isGreaterThanOrEqualTo(1));
        }
      }
    }
    // A metric batch reaches the server at least once and in a bounded number of round trips.
    assertThat(results.find("W6", Measures.BATCH_TRIPS, Backend.POSTGRESQL).orElseThrow().value()).isBetween(1.0, 10.0);
  }

  @Test
  void theResultsAreWrittenAsJsonAndMarkdown() throws Exception {
    JsonNode json = new ObjectMapper().readTree(results.json());
    assertThat(json.get("figures").size()).isEqualTo(results.figures().size());
    assertThat(json.get("about").get("postgresql").asText()).contains("fsync=on", "synchronous_commit=on");
    String md = results.markdown();
    for (Backend b : Backend.values()) {
      assertThat(md).contains(" " + b.key() + " |");
    }
    assertThat(md).contains("| W1 | runs/s |", "| MEM | peak heap MB |");
  }
}
