package dev.labbook.store.sql;

import dev.labbook.spi.StoreSettings;
import dev.labbook.tck.StoreTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL store on embedded H2 against the whole TCK: each rule gets a database file that does
 * not exist yet ({@code h2:<folder>/store-n}), so every rule also creates its schema.
 */
class H2StoreTckTest extends StoreTck {
  @TempDir static Path folder;
  private static final AtomicInteger COUNT = new AtomicInteger();

  @Override
  protected StoreSettings newStore() {
    return StoreSettings.of("h2:" + folder.resolve("store-" + COUNT.incrementAndGet()),
        Map.of("pool.size", "4"));
  }

  @Override
  protected void dropStore(StoreSettings settings) throws IOException {
    String base = Path.of(settings.schemeSpecificPart()).getFileName().toString();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(base + "."))
          .sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
