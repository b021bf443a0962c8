package dev.labbook.tck;

/**
 * The in-memory store declaring PERSISTENT (true while the JVM runs, which is all a rule
 * needs), so that the rules about reopening run against the reference behaviour.
 */
class PersistentVariantTckTest extends VariantTck {
  @Override
  String variant() {
    return "persistent";
  }
}
