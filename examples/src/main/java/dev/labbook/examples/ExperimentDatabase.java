package dev.labbook.examples;

import dev.labbook.Artifact;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.query.Query;
import dev.labbook.tracking.Dependencies;
import dev.labbook.tracking.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * DeepHyper's {@code DBManager} example in Labbook: experiments added from a search's results
 * folder, got by id and by a condition, listed, and deleted several at once.
 *
 * <pre>{@code
 * dbm = DBManager(username="Bob", path="path/to/db.json")
 * metadata = {"machine": "ThetaGPU", "n_nodes": 4, "num_gpus_per_node": 8}
 * dbm.add("path/to/search/log_dir/", label="exp_101", description="The experiment 101", metadata=metadata)
 * dbm.get(23); dbm.list(); dbm.delete([23, 16])
 * }</pre>
 *
 * <p>{@code add} is {@link Tracker#addFolder}: the label is the experiment's (unique) name, the
 * folder's files become artifacts under their relative paths, the metadata goes over the
 * defaults (user, host, Java version, created: {@code "user": "Bob"} overrides the OS user), and
 * the class path's library versions take the place of {@code pip_versions}.
 *
 * <p>Usage: {@code ExperimentDatabase [log_dir]}; without a folder it writes a small sample one
 * to a temporary folder. The store comes from the usual settings and must keep artifacts
 * (the default {@code json:~/.labbook} does). It deletes what it added, so it can run again.
 */
public final class ExperimentDatabase {
  private ExperimentDatabase() {}

  public static void main(String[] args) throws IOException {
    Path logDir = args.length > 0 ? Path.of(args[0]) : sampleLogDir(Files.createTempDirectory("log_dir"));
    try (Labbook lab = Labbook.open()) {
      run(lab, logDir, System.out);
    }
  }

  static void run(Labbook lab, Path logDir, PrintStream out) {
    Tracker tracker = lab.tracker();

    // dbm.add(log_dir, label=…, description=…, metadata=…), pip_versions=True
    Experiment theta = tracker.addFolder(logDir, ExperimentSpec.named("exp_101")
        .description("The experiment 101")
        .metadata(Map.of("user", "Bob", "machine", "ThetaGPU", "n_nodes", 4, "num_gpus_per_node", 8)));
    // The same folder again, without library versions (pip_versions=False).
    Experiment polaris = tracker.addFolder(logDir, ExperimentSpec.named("exp_102")
        .description("The experiment 102, rerun on Polaris")
        .metadata(Map.of("user", "Bob", "machine", "Polaris", "n_nodes", 2)), Dependencies.none());
    out.printf("added exp_101 as %s and exp_102 as %s%n", theta.id(), polaris.id());

    // dbm.get(exp_id)
    Experiment got = lab.experiments().get(theta.id());
    Map<?, ?> versions = (Map<?, ?>) got.metadata().getOrDefault(Dependencies.METADATA_KEY, Map.of());
    out.printf("get(%s): %s, \"%s\", user %s, machine %s, %d library versions%n", got.id(),
        got.name(), got.description(), got.metadata().get("user"), got.metadata().get("machine"),
        versions.size());
    out.println("  files: " + lab.experiments().artifacts(got.id()).stream().map(Artifact::path).toList());

    // dbm.get(cond=…)
    try (Stream<Experiment> found = lab.experiments().list(Query.parse("metadata.n_nodes >= 4"))) {
      out.println("get(n_nodes >= 4): " + found.map(Experiment::name).toList());
    }

    // dbm.list(): lazily, a page at a time
    try (Stream<Experiment> all = lab.experiments().list()) {
      out.println("list(): " + all.map(Experiment::name).filter(n -> n.startsWith("exp_1")).toList());
    }

    // dbm.delete([id1, id2]): all or nothing
    lab.experiments().delete(List.of(theta.id(), polaris.id()));
    out.printf("deleted both; exp_101 exists: %s, exp_102 exists: %s%n",
        lab.experiments().exists("exp_101"), lab.experiments().exists("exp_102"));
  }

  /** A search's logging folder as DeepHyper leaves one: results, a log, a checkpoint. */
  static Path sampleLogDir(Path folder) {
    try {
      Files.writeString(folder.resolve("results.csv"),
          "p:lr,p:units,objective,job_id\n0.01,32,0.81,0\n0.003,64,0.86,1\n");
      Files.writeString(folder.resolve("search.log"), "started\n2 jobs done\n");
      Files.createDirectories(folder.resolve("checkpoints"));
      Files.writeString(folder.resolve("checkpoints/best.json"), "{\"job_id\": 1, \"objective\": 0.86}\n");
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sample results folder in " + folder, e);
    }
  }
}
