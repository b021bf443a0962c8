package dev.labbook.examples;

import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.tracking.ExperimentHandle;
import dev.labbook.tracking.ProgramArgs;
import dev.labbook.tracking.RunHandle;
import dev.labbook.tracking.Tracker;
import java.io.PrintStream;
import java.util.Map;
import java.util.Random;

/**
 * sqltrack's way of tracking in Labbook: a chainable experiment handle, runs with tags, a
 * comment, the program's arguments and environment, and training wrapped in {@code track()},
 * which records RUNNING, then COMPLETED, or FAILED with the exception (rethrown), or CANCELLED on
 * an interrupt, SIGINT or SIGTERM. Metrics are logged by step and progress.
 *
 * <pre>{@code
 * exp = Experiment(client, name="mnist-sgd").set_comment("…").add_tags("baseline")
 * run = exp.get_run().add_args().add_env().add_tags("lr-0.1")
 * with run.track():
 *     for epoch in range(epochs):
 *         run.add_metrics({"train_loss": …, "val_accuracy": …}, step=epoch, progress=(epoch + 1) / epochs)
 * }</pre>
 *
 * <p>Usage: {@code TrackedTraining [--epochs=N] [--lr=X]}; two runs: one that completes and one
 * whose training diverges and fails. The store comes from the usual settings.
 */
public final class TrackedTraining {
  static final String EXPERIMENT = "sqltrack-style-training";

  private TrackedTraining() {}

  public static void main(String[] args) {
    try (Labbook lab = Labbook.open()) {
      run(lab, args, new Random(), System.out);
    }
  }

  static void run(Labbook lab, String[] args, Random random, PrintStream out) {
    Map<String, Object> options = ProgramArgs.parse(args); // as addArgs(args) stores them
    int epochs = Integer.parseInt(String.valueOf(options.getOrDefault("epochs", "5")));
    double lr = Double.parseDouble(String.valueOf(options.getOrDefault("lr", "0.1")));

    Tracker tracker = lab.tracker();
    ExperimentHandle experiment = tracker.experiment(EXPERIMENT)
        .comment("SGD on a made-up task, as sqltrack's examples train MNIST").addTags("baseline");

    RunHandle good = experiment.newRun().addTags("lr-" + lr).comment("the learning rate given")
        .addArgs(args).addEnv();
    double accuracy = good.track(r -> train(r, epochs, lr, random, false));
    report(lab, good, out);
    out.printf("  returned val_accuracy %.4f%n", accuracy);

    RunHandle diverging = experiment.newRun().addTags("diverging").comment("a hundred times too high")
        .addArgs(Map.of("lr", lr * 100, "epochs", epochs));
    try {
      diverging.track(r -> train(r, epochs, lr * 100, random, true));
    } catch (ArithmeticException e) {
      out.println("  the second run threw: " + e.getMessage());
    }
    report(lab, diverging, out);
  }

  /** A training loop: one metric point per epoch per key, by step and progress. */
  private static double train(RunHandle run, int epochs, double lr, Random random, boolean diverges) {
    double loss = 2.3;
    double accuracy = 0.1;
    for (int epoch = 0; epoch < epochs; epoch++) {
      if (diverges && epoch == epochs / 2) {
        throw new ArithmeticException("loss is NaN at epoch " + epoch);
      }
      loss *= 1 - Math.min(lr, 0.5) * (0.5 + random.nextDouble() / 2);
      accuracy += (1 - accuracy) * Math.min(lr, 0.5);
      run.log(Map.of("train_loss", loss, "val_accuracy", accuracy), epoch, (epoch + 1.0) / epochs);
    }
    run.addResults(Map.of("val_accuracy", accuracy));
    return accuracy;
  }

  private static void report(Labbook lab, RunHandle handle, PrintStream out) {
    Run run = handle.get();
    out.printf("run %d %s: tags %s, args %s, started %s, ended %s%n", run.number(), run.status(),
        run.tags(), run.args(), run.started() != null, run.ended() != null);
    Map<String, MetricPoint> latest = handle.latestMetrics();
    latest.keySet().stream().sorted().forEach(key -> out.printf("  latest %s: step %d, progress %.2f, %.4f%n",
        key, latest.get(key).step(), latest.get(key).progress(), latest.get(key).value()));
    if (run.extras().containsKey(RunHandle.FAILURE)) {
      out.println("  failure: " + run.extras().get(RunHandle.FAILURE));
    }
    if (!run.env().isEmpty()) {
      out.printf("  env: %d variables, without names like *PASSWORD*, *TOKEN*, *SECRET*, *KEY*%n",
          run.env().size());
    }
  }
}
