package dev.labbook.store.json;

import com.google.auto.service.AutoService;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.nio.file.Path;
import java.util.Set;

/**
 * The JSON store: {@code json:<folder>} keeps a store as readable files in a folder, the
 * default store of Labbook ({@code json:~/.labbook}). The folder is {@code json:/abs/path},
 * {@code json:relative/path} (against the working directory), {@code json:~/path} (the user's
 * home folder); {@code json:} alone is {@code ~/.labbook}.
 *
 * <p>Opening creates a missing folder as a new store, opens a folder that holds a store
 * ({@code labbook-store.json}), and refuses anything else: a folder of other files, an empty
 * folder unless option {@code init=true}, a store of a newer format version.
 *
 * <p>Options: {@code fsync} (default {@code true}: every write is on disk before the call
 * returns; {@code false} is faster and still safe against a killed process, not against power
 * loss), {@code init} (default {@code false}), {@code lock.timeout} (seconds a write waits for
 * the store lock, default 10). Any other option is refused.
 *
 * <p>Capabilities: {@code PERSISTENT}, {@code MULTI_PROCESS} (any number of processes, on one
 * machine or sharing the folder over a file system with working file locks, may write at
 * once), {@code ARTIFACTS}. The layout and its guarantees are described in the module's
 * README.
 */
@AutoService(StoreProvider.class)
public final class JsonStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("json");
  }

  @Override
  public Store open(StoreContext context) throws Exception {
    JsonStoreOptions options = JsonStoreOptions.of(context.settings(),
        Path.of(System.getProperty("user.home")), Path.of(""));
    return JsonStore.open(context, options);
  }
}
