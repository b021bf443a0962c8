package dev.labbook.store.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An experiment's run numbers: {@code run-counter.json} holds the number the next run gets and
 * the run that took the one before ({@code {"next":5,"lastRun":"…"}}). It is written before
 * that run, under the store lock. If a crash stopped the run from being written, its number
 * is free and given again; a run that was written keeps its number even after it is deleted,
 * since deleting the last run also clears {@code lastRun}. So numbers are unique, never reused
 * and without gaps, whoever crashes when.
 */
final class RunCounter {
  private RunCounter() {}

  private record State(long next, Optional<String> lastRun) {}

  /** The number the next run of the experiment gets; the caller holds the store lock. */
  static long next(Path experiment, Predicate<String> runExists) {
    State state = read(experiment);
    if (state.lastRun().isPresent() && state.next() > 0 && !runExists.test(state.lastRun().get())) {
      return state.next() - 1;
    }
    return state.next();
  }

  /** Records that {@code runId} takes {@code number}, before the run is written. */
  static void taken(Disk disk, Path experiment, long number, String runId) throws IOException {
    write(disk, experiment, number + 1, runId);
  }

  /**
   * Records that an imported run holds {@code number}, before the run is written, when it is at
   * or above {@code next} (what {@link #next} gives now): new runs are numbered above it. A
   * number below changes nothing.
   */
  static void restored(Disk disk, Path experiment, long next, long number, String runId)
      throws IOException {
    if (number >= next) {
      write(disk, experiment, number + 1, runId);
    }
  }

  /** Called when a run is deleted: its number stays taken. */
  static void forget(Disk disk, Path experiment, String runId) throws IOException {
    State state = read(experiment);
    if (state.lastRun().filter(runId::equals).isPresent()) {
      write(disk, experiment, state.next(), null);
    }
  }

  private static State read(Path experiment) {
    return Reads.json(Layout.runCounter(experiment))
        .map(json -> {
          if (!json.path("next").canConvertToLong() || json.path("next").longValue() < 0) {
            throw Reads.damaged(Layout.runCounter(experiment), "no valid \"next\" number");
          }
          return new State(json.path("next").longValue(),
              Optional.ofNullable(json.path("lastRun").textValue()));
        })
        .orElse(new State(0, Optional.empty()));
  }

  private static void write(Disk disk, Path experiment, long next, String lastRun)
      throws IOException {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("next", next);
    json.put("lastRun", lastRun);
    disk.replace(Layout.runCounter(experiment), JsonText.pretty(json));
  }
}
