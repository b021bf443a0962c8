package dev.labbook.store.json;

import dev.labbook.ConfigurationException;
import dev.labbook.internal.Names;
import dev.labbook.spi.StoreSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a JSON store, read from {@code json:<folder>} and its options.
 *
 * @param folder the store's folder, absolute
 * @param fsync whether writes are forced to disk before they count as done (option
 *     {@code fsync}, default true)
 * @param init whether an existing empty folder may be made a store (option {@code init},
 *     default false)
 * @param lockTimeout how long a write waits for the store lock (option {@code lock.timeout}
 *     in seconds, default 10)
 */
record JsonStoreOptions(Path folder, boolean fsync, boolean init, Duration lockTimeout) {
  /** Every option a JSON store accepts. */
  static final Set<String> NAMES = Set.of("fsync", "init", "lock.timeout");
  /** The folder of {@code json:} without a path, and of the default store. */
  static final String DEFAULT_FOLDER = "~/.labbook";

  /**
   * Reads the settings; {@code ~} is the user's home folder and a relative path is resolved
   * against the working directory.
   *
   * @throws ConfigurationException for an unknown option, a bad value or a path that is not one
   */
  static JsonStoreOptions of(StoreSettings settings, Path home, Path workingDirectory) {
    Set<String> unknown = new TreeSet<>(settings.optionNames());
    unknown.removeAll(NAMES);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException("The JSON store " + settings.redactedUri()
          + " does not know the option" + (unknown.size() == 1 ? " " : "s ") + unknown
          + "; it accepts " + new TreeSet<>(NAMES)
          + " (options may also come from LABBOOK_* environment variables, labbook.* system"
          + " properties and labbook.properties)");
    }
    int seconds = settings.intOption("lock.timeout", 10);
    if (seconds < 1) {
      throw new ConfigurationException("Option lock.timeout is the seconds a write waits for the"
          + " store lock, 1 or more, not " + seconds);
    }
    return new JsonStoreOptions(folder(settings, home, workingDirectory),
        flag(settings, "fsync", true), flag(settings, "init", false), Duration.ofSeconds(seconds));
  }

  private static Path folder(StoreSettings settings, Path home, Path workingDirectory) {
    String path = settings.schemeSpecificPart();
    if (path.isEmpty()) {
      path = DEFAULT_FOLDER;
    }
    if (path.startsWith("//")) {
      if (!path.startsWith("///")) {
        throw new ConfigurationException("The JSON store " + settings.redactedUri()
            + " names a host; a JSON store is a folder: json:/data/lab, json:~/lab, json:lab");
      }
      path = path.substring(2);
    }
    try {
      Path folder;
      if (path.equals("~")) {
        folder = home;
      } else if (path.startsWith("~/") || path.startsWith("~\\")) {
        folder = home.resolve(path.substring(2));
      } else if (path.startsWith("~")) {
        throw new ConfigurationException("The JSON store " + settings.redactedUri()
            + " starts with ~ followed by a name; only ~ alone or ~/… (your home folder) is"
            + " expanded");
      } else {
        folder = workingDirectory.resolve(path);
      }
      return folder.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigurationException("The JSON store " + settings.redactedUri()
          + " does not name a valid folder: " + e.getReason());
    }
  }

  private static boolean flag(StoreSettings settings, String name, boolean defaultValue) {
    String value = settings.option(name).orElse(null);
    if (value == null) {
      return defaultValue;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new ConfigurationException("Option " + name + " is true or false, not "
            + Names.quote(value));
    }
  }
}
