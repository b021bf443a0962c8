package dev.labbook.bench;

import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentSummary;
import dev.labbook.Labbook;
import dev.labbook.Objective;
import dev.labbook.spi.StoreSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * W3: {@code experiments().summaries()} over {@link Sizes#summaryExperiments()} experiments of
 * {@link Sizes#summaryRuns()} finished runs each, every experiment declaring an objective
 * ({@code metrics.loss}, minimized) so that the best value is ranked too; the median of
 * {@link Sizes#summaryCalls()} timed calls after one untimed call. The runs are written as the
 * pre-fill writes them; the figure is the call's latency.
 */
final class Summaries {
  private final Servers servers;
  private final Sizes sizes;
  private final Results results;

  Summaries(Servers servers, Sizes sizes, Results results) {
    this.servers = servers;
    this.sizes = sizes;
    this.results = results;
  }

  void run(Backend backend) throws Exception {
    StoreSettings settings = servers.fresh(backend);
    Prefill prefill = new Prefill(servers);
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      List<String> experiments = new ArrayList<>();
      for (int e = 0; e < sizes.summaryExperiments(); e++) {
        experiments.add(lab.experiments().create(ExperimentSpec.named(String.format("summary-%03d", e))
            .objective(Objective.minimize("metrics." + Trials.METRIC))).id());
      }
      prefill.add(backend, lab, experiments, sizes.summaryRuns(), Long.MAX_VALUE);
      check(lab.experiments().summaries()); // untimed: warms the statements and caches
      double[] ms = new double[sizes.summaryCalls()];
      for (int i = 0; i < ms.length; i++) {
        long start = System.nanoTime();
        List<ExperimentSummary> summaries = lab.experiments().summaries();
        ms[i] = (System.nanoTime() - start) / 1e6;
        check(summaries);
      }
      results.add("W3", Measures.MEDIAN_MS, backend, Scale.median(ms), "ms",
          "experiments().summaries() over " + sizes.summaryExperiments() + " experiments × "
              + sizes.summaryRuns() + " runs, " + ms.length + " calls");
    }
  }

  /** The call must have done the work: every experiment, every run counted, a best value each. */
  private void check(List<ExperimentSummary> summaries) {
    long runs = summaries.stream().mapToLong(ExperimentSummary::runCount).sum();
    boolean ranked = summaries.stream().allMatch(s -> s.best().isPresent());
    if (summaries.size() != sizes.summaryExperiments()
        || runs != (long) sizes.summaryExperiments() * sizes.summaryRuns() || !ranked) {
      throw new IllegalStateException("summaries() answered " + summaries.size() + " experiments, "
          + runs + " runs" + (ranked ? "" : ", some without a best value") + "; expected "
          + sizes.summaryExperiments() + " and " + (long) sizes.summaryExperiments() * sizes.summaryRuns());
    }
  }
}
