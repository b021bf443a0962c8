package dev.labbook.internal;

import dev.labbook.spi.StoreSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves the store URI and options from every source, highest first: explicit values (the
 * builder), Java system properties {@code labbook.*}, environment variables
 * ({@code LABBOOK_STORE} for the URI, {@code LABBOOK_<OPTION>} for options), a properties file
 * ({@code LABBOOK_CONFIG}, else {@code ./labbook.properties}, keys {@code store} and option
 * names), then defaults ({@link #DEFAULT_URI}). The URI is the option named {@code store}.
 *
 * <p>Any option {@code x} may be given as {@code x.file}: the value is then read from that file
 * (UTF-8, one trailing line break removed), as Docker and Kubernetes secrets are mounted.
 */
public final class SettingsResolver {
  /** The store used when nothing is configured. */
  public static final String DEFAULT_URI = "mem:";

  private final Properties systemProperties;
  private final Map<String, String> environment;
  private final Path workingDirectory;

  public SettingsResolver(Properties systemProperties, Map<String, String> environment, Path workingDirectory) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
  }

  /** A resolver over this process's system properties, environment and working directory. */
  public static SettingsResolver ofProcess() {
    return new SettingsResolver(System.getProperties(), System.getenv(), Path.of(""));
  }

  /**
   * Resolves the settings.
   *
   * @param explicit options given in code ({@code store} for the URI); highest precedence
   * @throws dev.labbook.ConfigurationException for an unreadable {@code .file}, a properties
   *     file that cannot be read, or an option given both plainly and as {@code .file} in one
   *     source; messages never hold secret values
   */
  public StoreSettings resolve(Map<String, String> explicit) {
    throw new UnsupportedOperationException("stub");
  }
}
