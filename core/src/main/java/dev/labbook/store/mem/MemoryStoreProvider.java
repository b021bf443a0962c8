package dev.labbook.store.mem;

import com.google.auto.service.AutoService;
import dev.labbook.internal.Names;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory backend: {@code mem:} opens a new, private, empty store; {@code mem:<name>}
 * opens the store of that name in this JVM, shared by every instance opened with the name (as
 * processes share a database) until {@link #drop(String)}. Thread-safe; the fast choice for
 * users' own unit tests. Nothing survives the JVM. Capabilities: {@code ARTIFACTS}, and
 * {@code MULTI_PROCESS} for a named store (its instances share one state, as processes share a
 * database); never {@code PERSISTENT}.
 */
@AutoService(StoreProvider.class)
public final class MemoryStoreProvider implements StoreProvider {
  private static final Map<String, MemoryData> NAMED = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "mem";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("mem");
  }

  @Override
  public Store open(StoreContext context) {
    String name = context.settings().schemeSpecificPart();
    MemoryData data = name.isEmpty() ? new MemoryData()
        : NAMED.computeIfAbsent(Names.check("in-memory store name", name), n -> new MemoryData());
    return new MemoryStore(context, data, !name.isEmpty());
  }

  /** Forgets the named store's data; instances still open keep what they hold. */
  public static void drop(String name) {
    NAMED.remove(name);
  }
}
