package dev.labbook.discovery;

import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.util.Set;

/** Providers listed only by the discovery tests' own service files. */
public final class TwinProviders {
  private TwinProviders() {}

  /** Serves {@code twin:} with a private in-memory store. */
  public static class First implements StoreProvider {
    @Override
    public String name() {
      return "first";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("twin");
    }

    @Override
    public Store open(StoreContext context) throws Exception {
      return new dev.labbook.store.mem.MemoryStoreProvider().open(context); // twin: is a private store
    }
  }

  /** Claims {@code twin:} as well. */
  public static class Second extends First {
    @Override
    public String name() {
      return "second";
    }
  }

  /** Cannot even be constructed. */
  public static class Broken extends First {
    public Broken() {
      throw new IllegalStateException("broken on purpose");
    }
  }
}
