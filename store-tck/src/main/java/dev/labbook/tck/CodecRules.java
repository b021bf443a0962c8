package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class CodecRules extends Rules {
  CodecRules(StoreTck tck) {
    super(tck);
  }
}
