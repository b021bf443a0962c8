package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class LifecycleRules extends Rules {
  LifecycleRules(StoreTck tck) {
    super(tck);
  }
}
