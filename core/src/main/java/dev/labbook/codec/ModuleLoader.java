package dev.labbook.codec;

import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds {@link CodecModule}s with {@link ServiceLoader} and lets each register its types. A
 * module that cannot be loaded or instantiated, or whose {@code registerTo} throws, is skipped
 * with a warning naming it (what it registered before throwing stays registered).
 */
final class ModuleLoader {
  private static final System.Logger LOG = System.getLogger(CodecRegistry.class.getName());
  /** Consecutive loading errors after which discovery gives up, so a broken loader cannot hang. */
  private static final int MAX_ERRORS = 1000;

  private ModuleLoader() {}

  static void registerAll(CodecRegistry registry) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = CodecRegistry.class.getClassLoader();
    }
    Iterator<CodecModule> modules = ServiceLoader.load(CodecModule.class, loader).iterator();
    int errors = 0;
    while (errors < MAX_ERRORS) {
      CodecModule module;
      try {
        if (!modules.hasNext()) {
          return;
        }
        module = modules.next();
        errors = 0;
      } catch (ServiceConfigurationError | LinkageError e) {
        errors++;
        LOG.log(Level.WARNING, "skipping a codec module that cannot be loaded: " + e.getMessage(),
            e);
        continue;
      }
      try {
        module.registerTo(registry);
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.WARNING, "skipping codec module " + module.getClass().getName()
            + ": its registerTo failed: " + e, e);
      }
    }
  }
}
