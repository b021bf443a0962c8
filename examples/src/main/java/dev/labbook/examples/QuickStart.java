package dev.labbook.examples;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.query.Direction;
import dev.labbook.query.Query;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Labbook's main job in one program: a random search for the minimum of the Branin function.
 * It stores the search space as a config, one experiment, and per trial a run with its params,
 * a 20-point loss curve and its result; then it prints the best trials and the best params.
 * Running it again on a persistent store resumes the same experiment and adds trials.
 *
 * <p>Usage: {@code QuickStart [trials]} (200 by default); the store comes from the usual
 * settings ({@code LABBOOK_STORE}, {@code -Dlabbook.store=…}, …), by default the JSON store in
 * {@code ~/.labbook}, so each run adds to what the last one stored.
 */
public final class QuickStart {
  /** The search space, stored as a config of kind {@code search-space}. */
  public record SearchSpace(String name, double xMin, double xMax, double yMin, double yMax) {}

  static final String EXPERIMENT = "quickstart-branin";
  static final int STEPS = 20;

  private QuickStart() {}

  public static void main(String[] args) {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    try (Labbook lab = Labbook.open()) {
      run(lab, trials, new Random(), System.out);
    }
  }

  static void run(Labbook lab, int trials, Random random, PrintStream out) {
    lab.codecs().register("search-space", SearchSpace.class);
    SearchSpace space = new SearchSpace("branin-default", -5, 10, 0, 15);
    lab.configs().put(space); // a no-op when the same space is already stored

    ExperimentStore experiments = lab.experiments();
    // Get-or-create: the first run makes the experiment, every later run resumes it.
    Experiment experiment = experiments.getOrCreate(ExperimentSpec.named(EXPERIMENT)
        .description("random search on the Branin function").tags("quickstart")
        .metadata("searchSpace", space.name()).objective(Objective.minimize("results.value")));

    long started = System.nanoTime();
    for (int i = 0; i < trials; i++) {
      double x = space.xMin() + random.nextDouble() * (space.xMax() - space.xMin());
      double y = space.yMin() + random.nextDouble() * (space.yMax() - space.yMin());
      Run run = experiments.createRun(experiment.id(),
          RunSpec.create().param("x", x).param("y", y).status(RunStatus.RUNNING));
      double value = branin(x, y);
      List<MetricPoint> curve = new ArrayList<>(STEPS);
      for (int step = 0; step < STEPS; step++) {
        // A made-up training curve that settles on the trial's value.
        curve.add(MetricPoint.of("loss", step, value + 50.0 * Math.exp(-step / 3.0) * random.nextDouble()));
      }
      experiments.log(run.id(), curve);
      experiments.updateRun(run.withStatus(RunStatus.COMPLETED).withEnded(Instant.now())
          .withResults(Map.of("value", value)));
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    long total = experiments.runs(experiment.id()).count();
    out.printf("Store %s: experiment '%s' has %d runs (%d added in %.2f s)%n",
        lab.settings().redactedUri(), experiment.name(), total, trials, seconds);
    out.println();
    out.println("  run |        x |        y |    value");
    out.println("------+----------+----------+---------");
    List<Run> best = experiments.runs(experiment.id(), Query.parse("status = 'COMPLETED'")
        .orderBy("results.value", Direction.ASC).limit(5)).toList();
    for (Run run : best) {
      out.printf("%5d | %8.4f | %8.4f | %8.5f%n", run.number(), (Double) run.params().get("x"),
          (Double) run.params().get("y"), (Double) run.results().get("value"));
    }
    out.println();
    if (!best.isEmpty()) {
      Run winner = best.get(0);
      out.printf("Best params: x=%.4f y=%.4f (value %.5f; the true minimum is 0.39789)%n",
          (Double) winner.params().get("x"), (Double) winner.params().get("y"),
          (Double) winner.results().get("value"));
    }
  }

  /** The Branin function: three global minima of 0.397887 on [-5, 10] x [0, 15]. */
  static double branin(double x, double y) {
    double a = 1;
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double r = 6;
    double s = 10;
    double t = 1 / (8 * Math.PI);
    return a * Math.pow(y - b * x * x + c * x - r, 2) + s * (1 - t) * Math.cos(x) + s;
  }
}
