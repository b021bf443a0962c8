package dev.labbook.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.Archives.ExportOptions;
import dev.labbook.CodecException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.State;
import dev.labbook.States;
import dev.labbook.codec.Codec;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.codec.Decoding;
import dev.labbook.codec.Encoding;
import dev.labbook.examples.QuickStart.SearchSpace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Ax's storage in Labbook: custom classes registered by name inside params and results, the
 * optimizer's state ("generation strategy") saved with the experiment and resumed by
 * compare-and-set, and the whole experiment saved to one JSON file and loaded into another
 * store, equal to the original with ids, numbers and times.
 *
 * <pre>{@code
 * register_metric(BraninMetric)                         # a custom class, by name
 * save_experiment(experiment, "experiment.json")        # ax.storage.json_store.save
 * experiment = load_experiment("experiment.json")       # ax.storage.json_store.load
 * }</pre>
 *
 * <p>Usage: {@code StudyArchive [file] [target-uri]}: adds a batch of trials to experiment
 * {@value #EXPERIMENT} on the store the usual settings name, exports it to {@code file}
 * ({@code ax-branin.json} by default) and imports it into {@code target-uri} ({@code mem:} by
 * default), replacing the copy there.
 */
public final class StudyArchive {
  static final String EXPERIMENT = "ax-branin";
  static final String STRATEGY = "generation-strategy";
  static final int BATCH = 6;

  /** An arm, as Ax names a point of the search space; stored with the default record codec. */
  public record Arm(String name, Map<String, Double> parameters) {}

  /**
   * A metric's observed mean and standard error. Not a record and not a bean (no getters, no
   * setters, no default constructor), so Labbook cannot encode it alone: {@link Codec} tells how,
   * as Ax's encoder and decoder registries do for its classes.
   */
  public static final class Observation {
    private final double mean;
    private final double sem;

    public Observation(double mean, double sem) {
      this.mean = mean;
      this.sem = sem;
    }

    public double mean() {
      return mean;
    }

    public double sem() {
      return sem;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Observation other && other.mean == mean && other.sem == sem;
    }

    @Override
    public int hashCode() {
      return Objects.hash(mean, sem);
    }

    @Override
    public String toString() {
      return String.format("%.4f ± %.4f", mean, sem);
    }
  }

  /** Encodes an {@link Observation} as {@code {"mean": …, "sem": …}} and back. */
  static final class ObservationCodec implements Codec<Observation> {
    @Override
    public JsonNode encode(Observation value, Encoding nested) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.set("mean", nested.encode(value.mean()));
      node.set("sem", nested.encode(value.sem()));
      return node;
    }

    @Override
    public Observation decode(JsonNode node, Decoding nested) {
      if (!node.has("mean") || !node.has("sem")) {
        throw new CodecException("an observation needs \"mean\" and \"sem\", got " + node);
      }
      return new Observation((Double) nested.decode(node.get("mean"), Double.class),
          (Double) nested.decode(node.get("sem"), Double.class));
    }
  }

  /**
   * The optimizer's state: Sobol points first, then model-based ones. Saved as a state of the
   * experiment so that a new process resumes where the last one stopped.
   *
   * @param generated how many arms it has generated so far
   */
  public record GenerationStrategy(String name, int sobolTrials, int generated) {
    GenerationStrategy advanced(int arms) {
      return new GenerationStrategy(name, sobolTrials, generated + arms);
    }

    String nextStep() {
      return generated < sobolTrials ? "Sobol" : "GPEI";
    }
  }

  private StudyArchive() {}

  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : EXPERIMENT + ".json");
    String target = args.length > 1 ? args[1] : "mem:";
    try (Labbook source = Labbook.open(); Labbook copy = Labbook.open(target)) {
      run(source, copy, file, new Random(), System.out);
    }
  }

  /** Registers the custom classes (Ax's {@code register_metric} and friends). Idempotent. */
  static void register(CodecRegistry codecs) {
    codecs.register("arm", Arm.class)
        .register("observation", Observation.class, new ObservationCodec())
        .register(STRATEGY, GenerationStrategy.class)
        .register("search-space", SearchSpace.class);
  }

  static void run(Labbook source, Labbook target, Path file, Random random, PrintStream out) {
    register(source.codecs());
    register(target.codecs());
    SearchSpace space = new SearchSpace("branin-default", -5, 10, 0, 15);
    source.configs().put(space);
    Experiment experiment = source.experiments().getOrCreate(ExperimentSpec.named(EXPERIMENT)
        .metadata("searchSpace", space.name()).objective(Objective.minimize("results.branin.mean")));

    // Resume the optimizer where the last process left it, or start it.
    States states = source.experiments().states();
    State saved = states.find(experiment.id(), STRATEGY).orElseGet(() -> states.save(
        experiment.id(), STRATEGY, new GenerationStrategy("sobol+gpei", 5, 0)));
    GenerationStrategy strategy = source.codecs().convert(saved.value(), GenerationStrategy.class);
    out.printf("resumed %s after %d arms; next step: %s%n", strategy.name(), strategy.generated(),
        strategy.nextStep());

    for (int i = 0; i < BATCH; i++) {
      int index = strategy.generated() + i;
      Arm arm = new Arm(index + "_0", Map.of(
          "x", space.xMin() + random.nextDouble() * (space.xMax() - space.xMin()),
          "y", space.yMin() + random.nextDouble() * (space.yMax() - space.yMin())));
      Run run = source.experiments().createRun(experiment.id(), RunSpec.create().param("arm", arm));
      double value = QuickStart.branin(arm.parameters().get("x"), arm.parameters().get("y"));
      source.experiments().updateRun(run.withStatus(RunStatus.COMPLETED)
          .withResults(Map.of("branin", new Observation(value, 0.01 * value))));
    }
    states.update(saved.withValue(strategy.advanced(BATCH))); // ConflictException if another worker moved it

    // save_experiment / load_experiment: the whole experiment through one file.
    source.archives().export(experiment.id(), file,
        ExportOptions.defaults().withConfig(SearchSpace.class, space.name()));
    Experiment loaded = target.archives().importFrom(file, true);

    List<Run> runs = target.experiments().runs(loaded.id()).toList();
    Run first = runs.get(0);
    GenerationStrategy resumed = target.codecs().convert(
        target.experiments().states().get(loaded.id(), STRATEGY).value(), GenerationStrategy.class);
    out.printf("exported %s to %s and imported it into %s: same id %s, %d runs%n", EXPERIMENT,
        file.getFileName(), target.settings().redactedUri(), loaded.id().equals(experiment.id()),
        runs.size());
    out.printf("run %d: arm is %s %s, branin is %s %s%n", first.number(),
        first.params().get("arm").getClass().getSimpleName(), ((Arm) first.params().get("arm")).name(),
        first.results().get("branin").getClass().getSimpleName(), first.results().get("branin"));
    out.printf("the copy's strategy has generated %d arms; search space %s came along: %s%n",
        resumed.generated(), space.name(), target.configs().contains(SearchSpace.class, space.name()));
  }
}
