package dev.labbook.internal;

import dev.labbook.ConfigurationException;
import dev.labbook.spi.StoreProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store providers on the class path, found with {@link ServiceLoader}. A provider that fails
 * to load is logged and remembered, not fatal to the others; asking for a scheme nobody serves,
 * or that two providers claim, fails with a message that says what was found.
 */
public final class StoreProviders {
  private static final System.Logger LOG = System.getLogger("dev.labbook.discovery");

  /** Which artifact provides each scheme Labbook knows, for the "add this dependency" hint. */
  private static final Map<String, String> ARTIFACTS = Map.of(
      "mem", "dev.labbook:labbook-core",
      "json", "dev.labbook:labbook-store-json",
      "postgresql", "dev.labbook:labbook-store-sql",
      "jdbc:postgresql", "dev.labbook:labbook-store-sql",
      "h2", "dev.labbook:labbook-store-sql",
      "jdbc:h2", "dev.labbook:labbook-store-sql",
      "mongodb", "dev.labbook:labbook-store-mongo",
      "mongodb+srv", "dev.labbook:labbook-store-mongo");

  private final List<StoreProvider> providers;
  private final List<String> failures;

  private StoreProviders(List<StoreProvider> providers, List<String> failures) {
    this.providers = List.copyOf(providers);
    this.failures = List.copyOf(failures);
  }

  /** The providers visible to {@code loader}. */
  public static StoreProviders load(ClassLoader loader) {
    List<StoreProvider> found = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Iterator<StoreProvider> iterator = ServiceLoader.load(StoreProvider.class, loader).iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        found.add(iterator.next());
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        String failure = e.getMessage() == null ? e.toString() : e.getMessage();
        failures.add(failure);
        LOG.log(System.Logger.Level.WARNING, "a store provider failed to load and is ignored: " + failure, e);
      }
    }
    return new StoreProviders(found, failures);
  }

  /**
   * The one provider for a scheme.
   *
   * @param redactedUri the store URI without secrets, for the message
   * @throws ConfigurationException if none or several serve the scheme
   */
  public StoreProvider forScheme(String scheme, String redactedUri) {
    List<StoreProvider> matching = providers.stream().filter(p -> p.schemes().contains(scheme)).toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    if (matching.size() > 1) {
      throw new ConfigurationException("several store providers serve the scheme '" + scheme
          + "' of " + redactedUri + ": " + String.join(", ",
              matching.stream().map(p -> p.name() + " (" + p.getClass().getName() + ")").toList())
          + "; keep only one of them on the class path");
    }
    StringBuilder message = new StringBuilder("no store provider for the scheme '").append(scheme)
        .append("' of ").append(redactedUri).append("; schemes found on the class path: ")
        .append(schemes());
    String artifact = ARTIFACTS.get(scheme);
    if (artifact != null) {
      message.append("; add the dependency ").append(artifact).append(" to open ").append(scheme).append(':');
    } else {
      message.append("; Labbook's own schemes come from these artifacts: ").append(knownArtifacts());
    }
    if (!failures.isEmpty()) {
      message.append("; providers that failed to load: ").append(failures);
    }
    throw new ConfigurationException(message.toString());
  }

  private TreeSet<String> schemes() {
    TreeSet<String> schemes = new TreeSet<>();
    providers.forEach(p -> schemes.addAll(p.schemes()));
    return schemes;
  }

  private static String knownArtifacts() {
    Map<String, List<String>> byArtifact = new TreeMap<>();
    new TreeMap<>(ARTIFACTS).forEach((scheme, artifact) ->
        byArtifact.computeIfAbsent(artifact, a -> new ArrayList<>()).add(scheme + ":"));
    Map<String, String> lines = new LinkedHashMap<>();
    byArtifact.forEach((artifact, schemes) -> lines.put(artifact, String.join(" ", schemes)));
    return lines.toString();
  }
}
