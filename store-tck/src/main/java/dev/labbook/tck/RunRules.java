package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class RunRules extends Rules {
  RunRules(StoreTck tck) {
    super(tck);
  }
}
