package dev.labbook.bench;

/** Row names shared by the workloads, the targets and the smoke test. */
final class Measures {
  static final String RUNS_PER_S = "runs/s";
  static final String RUNS_PER_S_IN_UNITS = "runs/s, each trial in one unit of work";
  static final String POINTS_PER_S = "Labbook points/s";
  static final String LAST_BATCHES_POINTS_PER_S = "Labbook points/s, last tenth of the batches";
  static final String JDBC_POINTS_PER_S = "raw JDBC batch points/s";
  static final String OWN_TABLE_POINTS_PER_S = "raw JDBC batch into lb_metric itself points/s";
  static final String COPY_POINTS_PER_S = "COPY points/s";
  static final String INSERT_MANY_POINTS_PER_S = "raw insertMany points/s";
  static final String APPEND_POINTS_PER_S = "raw JSON-lines append points/s";
  static final String VS_COPY = "Labbook / COPY";
  static final String VS_JDBC = "Labbook / raw JDBC batch";
  static final String VS_RAW = "Labbook / raw driver";
  static final String MEDIAN_MS = "median ms";
  static final String LARGEST_LEVEL = "runs in store at the end";
  static final String SCALE_RATIO = "ratio (cost at smallest / cost at largest)";
  static final String GROWTH = "growth from smaller to larger store (all operations)";
  static final String BATCH_TRIPS = "log one batch, round trips";
  static final String PEAK_HEAP = "peak heap MB";

  private Measures() {}

  /** W5's row for one level. */
  static String msPerRunAt(int level) {
    return "ms/run with " + level + " runs in store";
  }

  /** W6's row for one operation at one store size. */
  static String operationAt(String operation, int level) {
    return operation + " @ " + level + " runs";
  }
}
