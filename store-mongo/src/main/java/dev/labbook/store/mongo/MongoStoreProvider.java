package dev.labbook.store.mongo;

import com.google.auto.service.AutoService;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.util.Set;

/**
 * The MongoDB store: {@code mongodb://[user:password@]host[:port][,host…]/[database][?options]}
 * or {@code mongodb+srv://…}, through the official sync driver. The URI's options are the
 * driver's ({@code replicaSet}, {@code tls}, {@code authSource}…).
 *
 * <p>Options: {@code database} (when the URI has no path; default {@code labbook}), {@code user}
 * and {@code password} (or {@code password.file}, a file holding it) when the URI has no
 * credentials, {@code timeout} (milliseconds to wait for a reachable server, default 5,000).
 * Any other option is refused with {@link dev.labbook.ConfigurationException}.
 *
 * <p>Opening pings the server: an unreachable one fails within the timeout, and core reports it
 * as {@link dev.labbook.StoreUnavailableException} with the redacted URI and the cause.
 *
 * <p>Capabilities: {@code PERSISTENT}, {@code MULTI_PROCESS} (any number of processes may use
 * one database at once; nothing relies on multi-document transactions), {@code ARTIFACTS}
 * (in GridFS). The module's README describes collections, indexes and crash behaviour.
 */
@AutoService(StoreProvider.class)
public final class MongoStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "mongo";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("mongodb", "mongodb+srv");
  }

  @Override
  public Store open(StoreContext context) {
    return MongoStore.open(context, MongoStoreOptions.of(context.settings()), null);
  }
}
