package dev.labbook.examples.dacapo;

import dev.labbook.ConfigStore;
import dev.labbook.Labbook;
import dev.labbook.NotFoundException;
import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DaCapo's config store in Labbook: two run configs that share their task, trainer and
 * datasplit are stored, every kind is listed, one run is retrieved whole, and one is deleted
 * (its parts stay: the other run still uses them). See {@link ConfigKinds} for how each of
 * DaCapo's operations and errors maps to Labbook's.
 *
 * <p>Usage: {@code ConfigCatalog} on the store the usual settings name (by default
 * {@code json:~/.labbook}). Running it again is harmless: storing an equal config does nothing.
 */
public final class ConfigCatalog {
  /** The kinds in the order DaCapo's store lists its collections, with their types. */
  static final Map<String, Class<?>> KINDS = orderedKinds();

  private ConfigCatalog() {}

  public static void main(String[] args) {
    try (Labbook lab = Labbook.open()) {
      run(lab, System.out);
    }
  }

  static void run(Labbook lab, PrintStream out) {
    ConfigKinds.register(lab.codecs());
    ConfigStore configs = lab.configs();

    // store_run_config: the run and every part it is made of.
    for (RunConfig run : List.of(runConfig("unet-affinities-0", 0), runConfig("unet-affinities-1", 1))) {
      boolean written = configs.put(run);
      out.printf("stored run %s%s%n", run.name(), written ? "" : " (already stored as given)");
    }

    // retrieve_<kind>_config_names for every kind.
    KINDS.forEach((kind, type) -> out.printf("%-13s %s%n", kind + ":", configs.names(type)));

    // retrieve_run_config: parts come back as objects, equal to what was stored.
    RunConfig retrieved = configs.get(RunConfig.class, "unet-affinities-0");
    out.printf("run unet-affinities-0: task %s, architecture %s, trainer %s (lr %s), datasplit %s "
            + "with %d training datasets; equal to the stored one: %s%n",
        retrieved.task().name(), retrieved.architecture().name(), retrieved.trainer().name(),
        retrieved.trainer().learningRate(), retrieved.datasplit().name(),
        retrieved.datasplit().train().size(), retrieved.equals(runConfig("unet-affinities-0", 0)));

    // delete_run_config: only the run goes; its parts are configs of their own.
    configs.delete(RunConfig.class, "unet-affinities-1");
    out.printf("after deleting unet-affinities-1, runs: %s, tasks: %s%n",
        configs.names(RunConfig.class), configs.names(TaskConfig.class));
    try {
      configs.get(RunConfig.class, "unet-affinities-1"); // DaCapo: KeyError
    } catch (NotFoundException e) {
      out.println("retrieving it again: " + e.getMessage());
    }
  }

  /** A run config as DaCapo's tutorials build one: affinities on two crops with a 3-level U-Net. */
  static RunConfig runConfig(String name, int repetition) {
    DatasetConfig crop1 = dataset("crop-1");
    DatasetConfig crop2 = dataset("crop-2");
    DatasetConfig crop3 = dataset("crop-3");
    return new RunConfig(name,
        new TaskConfig("affinities-3d", "affinities", 3),
        new ArchitectureConfig("unet-3-levels", "unet", 12, List.of(2, 2, 2)),
        new TrainerConfig("adam-1e-4", "adam", 1e-4, 2),
        new DataSplitConfig("crops-1-2-vs-3", List.of(crop1, crop2), List.of(crop3)),
        repetition, 100_000);
  }

  private static DatasetConfig dataset(String crop) {
    return new DatasetConfig(crop,
        new ArrayConfig(crop + "-raw", "data/" + crop + ".zarr", "volumes/raw"),
        new ArrayConfig(crop + "-labels", "data/" + crop + ".zarr", "volumes/labels"));
  }

  private static Map<String, Class<?>> orderedKinds() {
    Map<String, Class<?>> kinds = new LinkedHashMap<>();
    kinds.put(ConfigKinds.RUN, RunConfig.class);
    kinds.put(ConfigKinds.TASK, TaskConfig.class);
    kinds.put(ConfigKinds.ARCHITECTURE, ArchitectureConfig.class);
    kinds.put(ConfigKinds.TRAINER, TrainerConfig.class);
    kinds.put(ConfigKinds.DATASPLIT, DataSplitConfig.class);
    kinds.put(ConfigKinds.DATASET, DatasetConfig.class);
    kinds.put(ConfigKinds.ARRAY, ArrayConfig.class);
    return Collections.unmodifiableMap(kinds);
  }
}
