package org.example.tinystore;

import com.google.auto.service.AutoService;
import dev.labbook.ConfigurationException;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.util.Set;

/**
 * The entry point of a small third-party backend: {@code tiny:} opens a new, empty store that
 * keeps everything in this JVM's memory until it is closed. It is written from Labbook's SPI
 * alone ({@code dev.labbook.spi}, and the {@code ConfigStore} and {@code ExperimentStore} it
 * extends), found by {@link java.util.ServiceLoader} through {@code @AutoService}, and certified
 * by the TCK in this module's tests; {@code examples/BACKEND.md} walks through it.
 *
 * <p>Capabilities: {@code ARTIFACTS} only. Not {@code PERSISTENT} (nothing survives closing),
 * not {@code MULTI_PROCESS} (every open is a store of its own) and not {@code TRANSACTIONS} (a
 * unit of work runs its operations one by one, the SPI's default).
 */
@AutoService(StoreProvider.class)
public final class TinyStoreProvider implements StoreProvider {
  /** The URI scheme this backend claims. */
  public static final String SCHEME = "tiny";

  @Override
  public String name() {
    return "tiny";
  }

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  /**
   * Opens a new, empty store. The URI takes nothing after the scheme, and no options.
   *
   * @throws dev.labbook.ConfigurationException for anything after {@code tiny:} or any option
   */
  @Override
  public Store open(StoreContext context) {
    if (!context.settings().schemeSpecificPart().isEmpty()) {
      throw new ConfigurationException("the tiny store's URI is just \"tiny:\", got \""
          + context.settings().redactedUri() + "\"");
    }
    if (!context.settings().optionNames().isEmpty()) {
      // Like Labbook's own stores: a misspelt option fails loudly instead of doing nothing.
      throw new ConfigurationException("the tiny store takes no options, got "
          + context.settings().optionNames());
    }
    return new TinyStore(context);
  }
}
