package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class ExperimentRules extends Rules {
  ExperimentRules(StoreTck tck) {
    super(tck);
  }
}
