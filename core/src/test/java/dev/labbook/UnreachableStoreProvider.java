package dev.labbook;

import com.google.auto.service.AutoService;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.net.ConnectException;
import java.util.Set;

/**
 * A backend whose server is never there, failing the way JDBC and MongoDB drivers do: with the
 * full connection string, password included, in the exception message.
 */
@AutoService(StoreProvider.class)
public final class UnreachableStoreProvider implements StoreProvider {
  @Override
  public String name() {
    return "unreachable";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("unreachable");
  }

  @Override
  public Store open(StoreContext context) throws Exception {
    String password = context.settings().option("password").orElse("");
    throw new IllegalStateException("driver gave up on " + context.settings().uri(),
        new ConnectException("Connection refused: " + context.settings().uri() + " (password " + password + ")"));
  }
}
