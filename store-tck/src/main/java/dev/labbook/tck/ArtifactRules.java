package dev.labbook.tck;

/** Rules placeholder; filled by its own change. */
abstract class ArtifactRules extends Rules {
  ArtifactRules(StoreTck tck) {
    super(tck);
  }
}
