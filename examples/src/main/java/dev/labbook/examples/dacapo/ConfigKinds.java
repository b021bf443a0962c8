package dev.labbook.examples.dacapo;

import dev.labbook.codec.CodecRegistry;

/**
 * DaCapo's seven config kinds as Labbook config kinds: each record type registered with the
 * codec registry under the name of the DaCapo store that holds it. Once registered, Labbook's
 * {@link dev.labbook.ConfigStore} does what DaCapo's {@code ConfigStore} does:
 *
 * <table>
 *   <caption>DaCapo's operations and their Labbook equivalents</caption>
 *   <tr><th>DaCapo</th><th>Labbook</th></tr>
 *   <tr><td>{@code store_run_config(config)}</td><td>{@code configs.put(config)}: the run and its
 *       parts (task, architecture, trainer, datasplit, its datasets and their arrays)</td></tr>
 *   <tr><td>{@code retrieve_run_config(name)}</td><td>{@code configs.get(RunConfig.class, name)},
 *       parts rebuilt</td></tr>
 *   <tr><td>{@code retrieve_run_config_names()}</td><td>{@code configs.names(RunConfig.class)},
 *       sorted</td></tr>
 *   <tr><td>{@code delete_run_config(name)}</td><td>{@code configs.delete(RunConfig.class, name)}</td></tr>
 *   <tr><td>{@code DuplicateNameError}: the name is taken</td><td>{@link
 *       dev.labbook.DuplicateNameException} naming the kind and name, when the content differs (storing
 *       the same config again does nothing, as DaCapo's stores also accept); nothing is stored,
 *       parts included</td></tr>
 *   <tr><td>{@code KeyError}: no config of that name (retrieve, delete)</td><td>{@link
 *       dev.labbook.NotFoundException} naming the kind and name</td></tr>
 * </table>
 *
 * <p>The same holds for the other six kinds with their record types. Listing the names of a
 * kind with no configs gives an empty list: DaCapo's abstract store documents a
 * {@code KeyError} there, but its MongoDB and file stores return an empty list, and so does
 * Labbook. Deleting a part that a stored run config still references is allowed, as in DaCapo's
 * stores (which keep parts inline and cannot tell); retrieving that run afterwards fails with
 * {@link dev.labbook.NotFoundException} naming the missing part.
 */
public final class ConfigKinds {
  public static final String RUN = "runs";
  public static final String TASK = "tasks";
  public static final String ARCHITECTURE = "architectures";
  public static final String TRAINER = "trainers";
  public static final String DATASPLIT = "datasplits";
  public static final String DATASET = "datasets";
  public static final String ARRAY = "arrays";

  private ConfigKinds() {}

  /**
   * Registers the seven kinds. Registering them again in the same registry does nothing.
   *
   * @return the registry
   * @throws dev.labbook.CodecException if one of the names is taken by another type
   */
  public static CodecRegistry register(CodecRegistry codecs) {
    return codecs.register(RUN, RunConfig.class)
        .register(TASK, TaskConfig.class)
        .register(ARCHITECTURE, ArchitectureConfig.class)
        .register(TRAINER, TrainerConfig.class)
        .register(DATASPLIT, DataSplitConfig.class)
        .register(DATASET, DatasetConfig.class)
        .register(ARRAY, ArrayConfig.class);
  }
}
