package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class BadInputRules extends Rules {
  BadInputRules(StoreTck tck) {
    super(tck);
  }
}
