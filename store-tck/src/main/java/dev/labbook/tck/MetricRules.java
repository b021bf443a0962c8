package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class MetricRules extends Rules {
  MetricRules(StoreTck tck) {
    super(tck);
  }
}
