package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class QueryRules extends Rules {
  QueryRules(StoreTck tck) {
    super(tck);
  }
}
