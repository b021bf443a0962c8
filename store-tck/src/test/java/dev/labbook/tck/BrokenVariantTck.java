package dev.labbook.tck;

import dev.labbook.spi.StoreSettings;
import org.junit.jupiter.api.Assumptions;

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

  @Override
  protected StoreSettings newStore() {
    Assumptions.assumeTrue(selected != null, "runs only under BrokenVariantsTest, which selects a variant");
    return super.newStore();
  }
}
