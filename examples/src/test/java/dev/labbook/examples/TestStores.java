package dev.labbook.examples;

import dev.labbook.Labbook;
import dev.labbook.spi.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Every backend examples depends on, each handing out fresh, empty stores for a test. */
public enum TestStores {
  MEM {
    @Override
    public StoreSettings fresh() {
      return StoreSettings.of("mem:", Map.of());
    }
  },
  JSON {
    @Override
    public StoreSettings fresh() {
      return StoreSettings.of("json:" + temporaryFolder().resolve("lab"), Map.of("fsync", "false"));
    }
  },
  H2 {
    @Override
    public StoreSettings fresh() {
      return StoreSettings.of("h2:" + temporaryFolder().resolve("lab"), Map.of());
    }
  },
  POSTGRESQL {
    @Override
    public StoreSettings fresh() {
      return TestPostgres.freshSchema(Map.of());
    }
  },
  MONGODB {
    @Override
    public StoreSettings fresh() {
      return TestMongo.freshDatabase();
    }
  };

  /** Settings naming new, empty persistence. */
  public abstract StoreSettings fresh();

  /** Opens a fresh store. */
  public Labbook open() {
    return Labbook.builder().settings(fresh()).open();
  }

  private static Path temporaryFolder() {
    try {
      Path folder = Files.createTempDirectory("labbook-examples-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(folder)));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path folder) {
    try (var paths = Files.walk(folder)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // The JVM is exiting; a leftover temporary folder is harmless.
    }
  }
}
