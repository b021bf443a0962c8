package dev.labbook.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The versions of the libraries an experiment ran with — the Java counterpart of DeepHyper's
 * {@code pip_versions} — kept in the experiment's metadata under {@value #METADATA_KEY} as a map
 * from library to version.
 */
public final class Dependencies {
  /** The metadata key the versions are kept under. */
  public static final String METADATA_KEY = "dependencies";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static volatile Map<String, String> classPath;

  private final Supplier<Map<String, String>> versions;

  private Dependencies(Supplier<Map<String, String>> versions) {
    this.versions = versions;
  }

  /**
   * The artifacts on this JVM's class and module path, as {@code groupId:artifactId} to version
   * from the {@code pom.properties} Maven writes into each jar; a jar without one counts by its
   * manifest's {@code Implementation-Title} and {@code Implementation-Version}, and is left out
   * when it has neither. Folders of classes (the program itself, in a build) are left out. Read
   * once per JVM.
   */
  public static Dependencies classPath() {
    return new Dependencies(Dependencies::scanClassPath);
  }

  /** No versions: nothing is added to the metadata. */
  public static Dependencies none() {
    return new Dependencies(Map::of);
  }

  /** Exactly these versions. */
  public static Dependencies of(Map<String, String> versions) {
    Map<String, String> copy = Collections.unmodifiableMap(new TreeMap<>(versions));
    return new Dependencies(() -> copy);
  }

  /**
   * The versions listed in a JSON file: an object of name to version, or an array of objects
   * with {@code name} and {@code version} (the shape {@code pip list --format json} writes). Read
   * when the versions are used.
   *
   * @throws InvalidInputException then, naming the file, if it is missing or not of either shape
   */
  public static Dependencies fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    return new Dependencies(() -> read(file));
  }

  /** The versions, sorted by name; empty for {@link #none()}. */
  public Map<String, String> versions() {
    return versions.get();
  }

  private static Map<String, String> read(Path file) {
    String shape = "an object of name to version, or an array of {\"name\": …, \"version\": …}";
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidInputException("cannot read dependency versions from " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> found = new TreeMap<>();
    if (root != null && root.isObject()) {
      root.fields().forEachRemaining(e -> found.put(e.getKey(), text(file, e.getValue(), shape)));
    } else if (root != null && root.isArray()) {
      for (JsonNode entry : root) {
        if (!entry.isObject() || !entry.hasNonNull("name") || !entry.hasNonNull("version")) {
          throw new InvalidInputException("dependency versions in " + file + " have the entry "
              + entry + "; expected " + shape);
        }
        found.put(entry.get("name").asText(), text(file, entry.get("version"), shape));
      }
    } else {
      throw new InvalidInputException("dependency versions in " + file + " are not " + shape);
    }
    return Collections.unmodifiableMap(found);
  }

  private static String text(Path file, JsonNode value, String shape) {
    if (!value.isValueNode() || value.isNull()) {
      throw new InvalidInputException("dependency versions in " + file + " have the version "
          + value + "; expected " + shape);
    }
    return value.asText();
  }

  private static Map<String, String> scanClassPath() {
    Map<String, String> known = classPath;
    if (known == null) {
      Map<String, String> found = new TreeMap<>();
      for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
        String path = System.getProperty(property, "");
        for (String entry : path.split(File.pathSeparator)) {
          if (entry.endsWith(".jar")) {
            readJar(Path.of(entry), found);
          }
        }
      }
      known = Collections.unmodifiableMap(found);
      classPath = known;
    }
    return known;
  }

  private static void readJar(Path jar, Map<String, String> found) {
    if (!Files.isRegularFile(jar)) {
      return;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      boolean any = false;
      for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
          Properties pom = new Properties();
          try (InputStream in = file.getInputStream(entry)) {
            pom.load(in);
          }
          String group = pom.getProperty("groupId");
          String artifact = pom.getProperty("artifactId");
          String version = pom.getProperty("version");
          if (group != null && artifact != null && version != null) {
            found.put(group + ":" + artifact, version);
            any = true;
          }
        }
      }
      Manifest manifest = any ? null : file.getManifest();
      if (manifest != null) {
        Attributes main = manifest.getMainAttributes();
        String title = main.getValue(Attributes.Name.IMPLEMENTATION_TITLE);
        String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        if (title != null && version != null) {
          found.put(title, version);
        }
      }
    } catch (IOException e) {
      // an unreadable jar cannot have been loaded from either: it has no version to report
    }
  }

  @Override
  public String toString() {
    return "Dependencies" + versions();
  }
}
