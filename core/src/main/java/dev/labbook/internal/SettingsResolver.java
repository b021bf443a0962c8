package dev.labbook.internal;

import dev.labbook.ConfigurationException;
import dev.labbook.spi.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Resolves the store URI and options from every source, highest first: explicit values (the
 * builder), Java system properties {@code labbook.*}, environment variables
 * ({@code LABBOOK_STORE} for the URI, {@code LABBOOK_<OPTION>} for options), a properties file
 * ({@code LABBOOK_CONFIG}, else {@code ./labbook.properties}, keys {@code store} and option
 * names), then defaults ({@link #DEFAULT_URI}). The URI is the option named {@code store}.
 *
 * <p>Any option {@code x} may be given as {@code x.file}: the value is then read from that file
 * (UTF-8, one trailing line break removed), as Docker and Kubernetes secrets are mounted.
 *
 * <p>Details:
 *
 * <ul>
 *   <li>Names: option names are lower-cased in every source. System property
 *       {@code labbook.pool.size} is option {@code pool.size}; environment variable
 *       {@code LABBOOK_POOL_SIZE} is option {@code pool.size} (prefix stripped, lower-cased,
 *       {@code _} to {@code .}). {@code LABBOOK_CONFIG} and {@code labbook.config} name the
 *       properties file (the system property wins) and are not options. The variables in
 *       {@link #RESERVED_ENVIRONMENT_VARIABLES} select runs and are not options either, nor are
 *       the matching system properties ({@code labbook.run.id}) or their {@code .file} forms.
 *   <li>Files: a relative {@code .file} path in the properties file is resolved against the
 *       properties file's folder, elsewhere against the working directory. Only the file of the
 *       source that wins an option is read, so an unreadable file that is overridden does no
 *       harm. An option given both plainly and as {@code .file} in one source is an error.
 *   <li>Properties file: a missing {@code ./labbook.properties} is skipped; a missing file
 *       named by {@code LABBOOK_CONFIG} is an error. Relative names resolve against the working
 *       directory. The file is read as UTF-8.
 *   <li>Explicit values that are null count as not given.
 *   <li>Logging: at DEBUG, logger {@value #LOGGER_NAME} reports where each option and the
 *       URI came from, with option names, sources and the redacted URI, never values.
 * </ul>
 */
public final class SettingsResolver {
  /**
   * The store used when nothing is configured: the JSON store in {@code ~/.labbook}, which
   * needs {@code labbook-store-json} on the class path (opening fails naming that artifact
   * without it).
   */
  public static final String DEFAULT_URI = "json:~/.labbook";

  /** The option that holds the store URI. */
  public static final String STORE = "store";

  /** The environment variable that names the properties file. */
  public static final String CONFIG_ENVIRONMENT_VARIABLE = "LABBOOK_CONFIG";

  /** The system property that names the properties file; it beats the environment variable. */
  public static final String CONFIG_SYSTEM_PROPERTY = "labbook.config";

  /** The properties file read when none is named, relative to the working directory. */
  public static final String DEFAULT_PROPERTIES_FILE = "labbook.properties";

  /**
   * Environment variables that select the experiment and run, not the store: never options.
   */
  public static final Set<String> RESERVED_ENVIRONMENT_VARIABLES =
      Set.of("LABBOOK_EXPERIMENT_NAME", "LABBOOK_EXPERIMENT_ID", "LABBOOK_RUN_ID");

  /** The logger that reports where settings came from. */
  public static final String LOGGER_NAME = "dev.labbook.settings";

  /** The largest {@code .file} read: secrets are small, /dev/zero is not. */
  static final int MAX_FILE_BYTES = 1 << 20;

  private static final String ENV_PREFIX = "LABBOOK_";
  private static final String PROPERTY_PREFIX = "labbook.";
  private static final String FILE_SUFFIX = ".file";
  private static final Set<String> RESERVED_OPTIONS =
      Set.of("experiment.name", "experiment.id", "run.id");
  private static final Logger LOG = System.getLogger(LOGGER_NAME);

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
    List<Source> sources = List.of(
        explicitSource(explicit),
        systemPropertySource(),
        environmentSource(),
        propertiesFileSource(),
        defaultSource());

    Map<String, Setting> winners = new TreeMap<>();
    for (Source source : sources) {
      source.settings.forEach(winners::putIfAbsent);
    }

    Map<String, String> options = new TreeMap<>();
    for (Map.Entry<String, Setting> e : winners.entrySet()) {
      options.put(e.getKey(), e.getValue().read(e.getKey()));
    }
    String uri = options.remove(STORE);
    Setting uriSetting = winners.get(STORE);

    StoreSettings settings;
    try {
      settings = StoreSettings.of(uri, options);
    } catch (ConfigurationException e) {
      throw new ConfigurationException(e.getMessage() + " (the URI came from "
          + uriSetting.origin() + ")", e);
    }
    LOG.log(Level.DEBUG, () -> "store URI " + settings.redactedUri() + " from "
        + uriSetting.origin());
    winners.forEach((name, setting) -> {
      if (!name.equals(STORE)) {
        LOG.log(Level.DEBUG, () -> "option " + name + " from " + setting.origin());
      }
    });
    return settings;
  }

  // ---- sources

  private Source explicitSource(Map<String, String> explicit) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (explicit != null) {
      explicit.forEach((key, value) -> {
        if (key != null && value != null) {
          keys.put(key, value);
        }
      });
    }
    return Source.of("builder options", "builder option", keys, this::plainName, workingDirectory);
  }

  private Source systemPropertySource() {
    Map<String, String> keys = new TreeMap<>();
    if (systemProperties != null) {
      for (String key : systemProperties.stringPropertyNames()) {
        if (key.startsWith(PROPERTY_PREFIX) && !key.equals(CONFIG_SYSTEM_PROPERTY)) {
          keys.put(key, systemProperties.getProperty(key));
        }
      }
    }
    return Source.of("system properties", "system property", keys,
        key -> withoutReserved(plainName(key.substring(PROPERTY_PREFIX.length()))),
        workingDirectory);
  }

  private Source environmentSource() {
    Map<String, String> keys = new TreeMap<>();
    if (environment != null) {
      environment.forEach((key, value) -> {
        if (key != null && value != null && key.startsWith(ENV_PREFIX)
            && !key.equals(CONFIG_ENVIRONMENT_VARIABLE)
            && !RESERVED_ENVIRONMENT_VARIABLES.contains(key)) {
          keys.put(key, value);
        }
      });
    }
    return Source.of("environment variables", "environment variable", keys,
        key -> withoutReserved(
            plainName(key.substring(ENV_PREFIX.length()).replace('_', '.'))),
        workingDirectory);
  }

  private Source propertiesFileSource() {
    String named = systemProperties == null ? null
        : systemProperties.getProperty(CONFIG_SYSTEM_PROPERTY);
    String namedBy = "system property " + CONFIG_SYSTEM_PROPERTY;
    if (named == null && environment != null) {
      named = environment.get(CONFIG_ENVIRONMENT_VARIABLE);
      namedBy = "environment variable " + CONFIG_ENVIRONMENT_VARIABLE;
    }
    Path file;
    if (named != null) {
      file = pathOf(named, workingDirectory);
      if (file == null) {
        throw new ConfigurationException("The properties file " + Names.quote(named)
            + " named by " + namedBy + " is not a valid path");
      }
    } else {
      file = workingDirectory.resolve(DEFAULT_PROPERTIES_FILE);
      if (!Files.exists(file)) {
        LOG.log(Level.DEBUG, () -> "no properties file " + show(file) + "; skipped");
        return Source.empty();
      }
      namedBy = "default";
    }
    Properties properties = new Properties();
    String why = namedBy;
    try (InputStream in = Files.newInputStream(file);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      // The messages of these exceptions hold no content of the file.
      throw new ConfigurationException("Cannot read the properties file " + show(file)
          + (why.equals("default") ? "" : " named by " + why) + ": " + problem(file, e), e);
    }
    LOG.log(Level.DEBUG, () -> "reading properties file " + show(file) + " (" + why + ")");
    Map<String, String> keys = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      keys.put(key, properties.getProperty(key));
    }
    Path folder = file.getParent() == null ? workingDirectory : file.getParent();
    return Source.of("properties file " + show(file), "properties file " + show(file) + " key",
        keys, this::plainName, folder);
  }

  private static Source defaultSource() {
    Map<String, Setting> settings = new TreeMap<>();
    settings.put(STORE, new Setting(DEFAULT_URI, null, null, "the default"));
    return new Source(settings);
  }

  private String plainName(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  private static String withoutReserved(String name) {
    String base = name.endsWith(FILE_SUFFIX)
        ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
    return RESERVED_OPTIONS.contains(base) ? "" : name;
  }

  // ---- files

  private static Path pathOf(String path, Path against) {
    try {
      return against.resolve(path);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  static String show(Path path) {
    try {
      return path.toAbsolutePath().normalize().toString();
    } catch (RuntimeException e) {
      return path.toString();
    }
  }

  private static String problem(Path file, Exception e) {
    if (e instanceof NoSuchFileException) {
      return "there is no such file";
    }
    if (Files.isDirectory(file)) {
      return "it is a folder";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "it is not UTF-8 text";
    }
    if (e instanceof IllegalArgumentException) {
      return "it is not a valid properties file (" + e.getMessage() + ")";
    }
    return e.getClass().getSimpleName();
  }

  /** Reads a {@code .file}: UTF-8, one trailing line break removed. */
  static String readValue(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new FileTooLargeException();
    }
    String text = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes)).toString();
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    if (text.endsWith("\n")) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }

  private static final class FileTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    FileTooLargeException() {
      super("larger than " + MAX_FILE_BYTES + " bytes");
    }
  }

  // ---- model

  /**
   * One option from one source: a value, or a file to read it from.
   *
   * @param file the file to read, null for a plain value or a path that is not valid
   * @param fileText the path as given, null for a plain value
   * @param key where the value or the file's name came from ("environment variable X")
   */
  private record Setting(String value, Path file, String fileText, String key) {
    String origin() {
      if (fileText == null) {
        return key;
      }
      return "file " + (file == null ? Names.quote(fileText) : show(file)) + ", named by " + key;
    }

    String read(String name) {
      if (fileText == null) {
        return value;
      }
      if (file == null) {
        throw new ConfigurationException("Cannot read option " + name + " from "
            + origin() + ": it is not a valid path");
      }
      try {
        return readValue(file);
      } catch (IOException e) {
        String problem = e instanceof FileTooLargeException
            ? "it is larger than " + MAX_FILE_BYTES + " bytes" : problem(file, e);
        throw new ConfigurationException("Cannot read option " + name + " from " + origin()
            + ": " + problem, e);
      }
    }
  }

  /** The settings of one source, by option name. */
  private record Source(Map<String, Setting> settings) {
    static Source empty() {
      return new Source(Map.of());
    }

    /**
     * A source from its keys and values.
     *
     * @param name the source, for messages ("environment variables")
     * @param keyKind what a key is, for messages ("environment variable")
     * @param toName the option name of a key, "" to ignore the key
     * @param folder what relative {@code .file} paths resolve against
     */
    static Source of(String name, String keyKind, Map<String, String> keys,
        Function<String, String> toName, Path folder) {
      Map<String, String> keyOf = new TreeMap<>();
      Map<String, Setting> settings = new TreeMap<>();
      for (String key : new TreeMap<>(keys).keySet()) {
        String option = toName.apply(key);
        boolean isFile = option.endsWith(FILE_SUFFIX);
        if (isFile) {
          option = option.substring(0, option.length() - FILE_SUFFIX.length());
        }
        if (option.isEmpty()) {
          continue;
        }
        String earlier = keyOf.putIfAbsent(option, key);
        if (earlier != null) {
          throw new ConfigurationException("Option " + option + " is given twice in " + name
              + ", as " + earlier + " and as " + key + "; give only one");
        }
        String origin = keyKind + " " + key;
        String value = keys.get(key);
        if (isFile) {
          settings.put(option, new Setting(null, pathOf(value, folder), value, origin));
        } else {
          settings.put(option, new Setting(value, null, null, origin));
        }
      }
      return new Source(settings);
    }
  }
}
