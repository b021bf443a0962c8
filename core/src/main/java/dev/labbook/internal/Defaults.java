package dev.labbook.internal;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metadata every experiment starts with, under what the caller gives. */
public final class Defaults {
  private static volatile String host;

  private Defaults() {}

  /** {@code user}, {@code host}, {@code javaVersion} and {@code created}. */
  public static Map<String, Object> metadata(Instant now) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("user", System.getProperty("user.name"));
    metadata.put("host", host());
    metadata.put("javaVersion", Runtime.version().toString());
    metadata.put("created", now.toString());
    return metadata;
  }

  /**
   * The machine's name, looked up once. Environment and the kernel first: a reverse DNS lookup
   * through {@link InetAddress} can stall for seconds on a badly configured network.
   */
  static String host() {
    String known = host;
    if (known != null) {
      return known;
    }
    String found = System.getenv("HOSTNAME");
    if (found == null || found.isBlank()) {
      found = System.getenv("COMPUTERNAME");
    }
    if (found == null || found.isBlank()) {
      try {
        found = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (Exception e) {
        found = null;
      }
    }
    if (found == null || found.isBlank()) {
      try {
        found = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        found = "unknown";
      }
    }
    host = found;
    return found;
  }
}
