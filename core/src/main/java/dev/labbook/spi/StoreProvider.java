package dev.labbook.spi;

import java.util.Set;

/**
 * A backend's entry point, found with {@link java.util.ServiceLoader}. Register an
 * implementation with {@code @AutoService(StoreProvider.class)}; it needs a public no-argument
 * constructor and must be cheap to construct (discovery constructs every provider on the class
 * path; do the work in {@link #open}).
 *
 * <p>{@link dev.labbook.Labbook#open(String)} picks the one provider whose {@link #schemes()}
 * hold the URI's scheme; two providers claiming one scheme is an error naming both.
 */
public interface StoreProvider {

  /** A short name for messages, such as {@code json} or {@code sql}. */
  String name();

  /**
   * The URI schemes this provider opens, lower-case, as {@link StoreSettings#scheme()} gives
   * them: {@code json}, {@code postgresql}, {@code jdbc:postgresql}.
   */
  Set<String> schemes();

  /**
   * Opens (creating where the backend does so) the store the settings name.
   *
   * @param context the settings, the codec registry, the clock and the id source, shared with
   *     the store's {@link dev.labbook.ConfigStore} and {@link dev.labbook.ExperimentStore}
   * @return the open store
   * @throws dev.labbook.InvalidInputException or {@link dev.labbook.ConfigurationException} for
   *     a URI or option the backend cannot accept, naming it and what is allowed
   * @throws Exception for anything else that prevents opening (an unreachable server, an
   *     unreadable folder); core reports it as {@link dev.labbook.StoreUnavailableException}
   *     with the redacted URI and the cause. It must fail fast: bounded connect timeouts, no
   *     endless retries.
   */
  Store open(StoreContext context) throws Exception;
}
