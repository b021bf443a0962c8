package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.ConfigurationException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds or makes the store in a folder. The marker file {@code labbook-store.json}
 * ({@code {"format":"labbook-json","version":1,…}}) says that a folder is a store and in which
 * format version:
 *
 * <ul>
 *   <li>a folder that does not exist is created with its marker, atomically (it is prepared
 *       beside it and renamed into place), so two processes creating one store at once both
 *       open the same store;
 *   <li>a folder with the marker opens, if its format is {@code labbook-json} and its version
 *       one this code reads; a newer version is refused, naming both versions;
 *   <li>an existing folder without the marker is never taken over: one with files in it is
 *       refused, and an empty one is made a store only when option {@code init=true} says so.
 * </ul>
 */
final class StoreFolder {
  static final String FORMAT = "labbook-json";
  static final int VERSION = 1;

  private StoreFolder() {}

  /**
   * Opens or creates the store in {@code folder}.
   *
   * @throws ConfigurationException if the folder is not a store this code may open
   * @throws IOException if the file system fails
   */
  static void open(Path folder, boolean init, Disk disk) throws IOException {
    if (!Files.exists(folder)) {
      create(folder, disk);
    }
    if (!Files.isDirectory(folder)) {
      throw new ConfigurationException("The JSON store " + folder + " is a file, not a folder;"
          + " name a folder (it is created if missing)");
    }
    Path marker = folder.resolve(Layout.MARKER);
    if (!Files.exists(marker)) {
      if (!isEmpty(folder)) {
        throw new ConfigurationException("The folder " + folder + " is not a Labbook JSON store:"
            + " it holds files but no " + Layout.MARKER + ", and Labbook never takes over a folder"
            + " of other files. Name a new folder (it is created) or an existing store"
            + (init ? "; option init=true only makes a store in an empty folder" : ""));
      }
      if (!init) {
        throw new ConfigurationException("The folder " + folder + " exists and is empty but is not"
            + " a Labbook JSON store (it has no " + Layout.MARKER + "). To make a store in it,"
            + " open it with option init=true; or name a folder that does not exist yet, which is"
            + " created");
      }
      disk.replace(marker, marker());
    }
    check(folder, Reads.json(marker).orElseThrow(() -> new ConfigurationException(
        "The store marker " + marker + " vanished while opening; was the store deleted?")));
  }

  private static void create(Path folder, Disk disk) throws IOException {
    Path parent = folder.getParent();
    disk.createFolders(parent);
    Path prepared = parent.resolve("." + folder.getFileName() + ".new-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.createDirectory(prepared);
    try {
      disk.replace(prepared.resolve(Layout.MARKER), marker());
      Files.move(prepared, folder, StandardCopyOption.ATOMIC_MOVE);
      if (disk.fsync()) {
        Disk.forceFolder(parent);
      }
    } catch (IOException e) {
      Disk.deleteTree(prepared);
      if (!Files.isDirectory(folder)) {
        throw e;
      }
      // Another process created it first: open theirs.
    }
  }

  private static byte[] marker() {
    ObjectNode marker = JsonNodeFactory.instance.objectNode();
    marker.put("format", FORMAT);
    marker.put("version", VERSION);
    marker.put("created", Records.time(Instant.now()));
    marker.put("about", "A Labbook store: configs, experiments, runs, metric series and artifacts"
        + " as JSON files. Read and write it with Labbook (labbook-store-json); its layout is"
        + " described in that module's README.");
    return JsonText.pretty(marker);
  }

  private static void check(Path folder, JsonNode marker) {
    String format = marker.path("format").asText("");
    if (!FORMAT.equals(format)) {
      throw new ConfigurationException("The folder " + folder + " holds a store of format "
          + (format.isEmpty() ? "(none)" : "'" + format + "'") + " in its " + Layout.MARKER
          + ", not '" + FORMAT + "'; the JSON store opens only its own format");
    }
    JsonNode version = marker.path("version");
    if (!version.canConvertToInt() || !version.isIntegralNumber() || version.intValue() < 1) {
      throw new ConfigurationException("The store marker " + folder.resolve(Layout.MARKER)
          + " has no valid format version (" + version + ")");
    }
    if (version.intValue() > VERSION) {
      throw new ConfigurationException("The store in " + folder + " has format version "
          + version.intValue() + ", newer than version " + VERSION + ", the newest this"
          + " labbook-store-json reads; open it with a newer Labbook, which wrote it");
    }
  }

  private static boolean isEmpty(Path folder) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      return !entries.iterator().hasNext();
    }
  }
}
