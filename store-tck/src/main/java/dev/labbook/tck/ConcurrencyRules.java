package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class ConcurrencyRules extends Rules {
  ConcurrencyRules(StoreTck tck) {
    super(tck);
  }
}
