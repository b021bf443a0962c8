package dev.labbook.tck;

/**
 * The TCK over whichever broken variant {@link BrokenVariantsTest} selects. Its name does not end
 * in {@code Test}, so only the launcher in {@link BrokenVariantsTest} runs it.
 */
class BrokenVariantTck extends VariantTck {
  static volatile String selected;

  @Override
  String variant() {
    return selected;
  }
}
