package dev.labbook.examples;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.NotFoundException;
import dev.labbook.Objective;
import dev.labbook.RunSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * docktuna's {@code OptunaDatabase} in Labbook: studies (experiments) in PostgreSQL, with the
 * password read from a Docker secret file, one lazily opened instance shared by the program,
 * and docktuna's questions — is a study there, get or create it, its best params, the latest
 * study.
 *
 * <pre>{@code
 * db = OptunaDatabase(username="optuna", db_password_secret="optuna_db_user_password",
 *                     db_name="optuna", hostname="postgres")        # password: /run/secrets/…
 * db.is_in_db("study"); db.get_study("study"); db.get_best_params("study")
 * }</pre>
 *
 * <p>The password never passes through this class: the {@code password.file} option names the
 * secret file and Labbook reads it when it opens the store. The same works with no code at all:
 * {@code LABBOOK_STORE=postgresql://postgres:5432/optuna}, {@code LABBOOK_USER=optuna} and
 * {@code LABBOOK_PASSWORD_FILE=/run/secrets/optuna_db_user_password} in the container's
 * environment (or a properties file named by {@code LABBOOK_CONFIG}, docktuna's env file), which
 * is what {@link #shared()} reads.
 *
 * <p>Usage: {@code StudyDatabase [study]} with the environment above; on any store, in fact, as
 * long as the settings name one. Thread-safe.
 */
public final class StudyDatabase implements AutoCloseable {
  private static StudyDatabase shared;

  private final Supplier<Labbook> opener;
  private Labbook lab;

  /**
   * A database on a PostgreSQL server, opened on first use.
   *
   * @param host the server, {@code host} or {@code host:port}
   * @param database the database's name
   * @param user the role to log in as
   * @param passwordSecret the file holding the role's password (one trailing line break is
   *     ignored), such as {@code /run/secrets/optuna_db_user_password}
   * @param options further store options, such as {@code schema}
   */
  public StudyDatabase(String host, String database, String user, Path passwordSecret,
      Map<String, String> options) {
    Objects.requireNonNull(passwordSecret, "passwordSecret");
    Map<String, String> all = new LinkedHashMap<>(options);
    all.put("user", Objects.requireNonNull(user, "user"));
    all.put("password.file", passwordSecret.toString());
    String uri = "postgresql://" + host + "/" + database;
    this.opener = () -> {
      Labbook.Builder builder = Labbook.builder().store(uri);
      all.forEach(builder::option);
      return builder.open();
    };
  }

  private StudyDatabase(Supplier<Labbook> opener) {
    this.opener = opener;
  }

  /**
   * docktuna's {@code get_optuna_db()}: the program's one instance, made on first call from the
   * process settings ({@code LABBOOK_STORE}, {@code LABBOOK_USER}, {@code LABBOOK_PASSWORD_FILE},
   * …) and opened at once, so a wrong setting fails here and not at the first query. After a
   * failure the next call tries again.
   *
   * @throws dev.labbook.StoreUnavailableException if the store cannot be reached or refuses the
   *     login (the message names the URI without the password)
   * @throws dev.labbook.ConfigurationException for a bad setting, such as a secret file that
   *     cannot be read
   */
  public static synchronized StudyDatabase shared() {
    if (shared == null) {
      StudyDatabase created = new StudyDatabase(Labbook::open);
      created.storage(); // open now: fail fast, and leave no broken instance behind
      shared = created;
    }
    return shared;
  }

  /**
   * The open store, opened on first call. A failure leaves nothing open, so the next call tries
   * again (say, once the secret file is mounted).
   *
   * @throws dev.labbook.StoreUnavailableException or {@link dev.labbook.ConfigurationException}
   *     as {@link #shared()} does
   */
  public synchronized Labbook storage() {
    if (lab == null) {
      lab = opener.get();
    }
    return lab;
  }

  /** docktuna's {@code is_in_db}: whether a study of this name exists. */
  public boolean isInDb(String study) {
    return storage().experiments().exists(study);
  }

  /**
   * docktuna's {@code get_study}: the study of this name, created when there is none, minimizing
   * {@code results.value}.
   */
  public Experiment study(String name) {
    return storage().experiments().getOrCreate(ExperimentSpec.named(name)
        .objective(Objective.minimize("results.value")));
  }

  /**
   * docktuna's {@code get_best_params}: the params of the study's best completed run, or an
   * empty map when it has none.
   *
   * @throws NotFoundException naming the study if there is none
   */
  public Map<String, Object> bestParams(String study) {
    return storage().tracker().bestParams(storage().experiments().getByName(study).id());
  }

  /** docktuna's {@code get_latest_study}: the study whose last completed run ended last. */
  public Optional<Experiment> latestStudy() {
    return storage().tracker().latestExperiment();
  }

  /** The names of all studies, in creation order. */
  public List<String> studyNames() {
    try (Stream<Experiment> all = storage().experiments().list()) {
      return all.map(Experiment::name).toList();
    }
  }

  /** Closes the store if it was opened; the shared instance is meant to live as long as the program. */
  @Override
  public synchronized void close() {
    if (lab != null) {
      lab.close();
      lab = null;
    }
  }

  public static void main(String[] args) {
    String study = args.length > 0 ? args[0] : "docktuna-branin";
    run(shared(), study, 8, new Random(), System.out);
  }

  /** docktuna's workflow: check, get or create, optimize a little, ask for the best. */
  static void run(StudyDatabase db, String study, int trials, Random random, PrintStream out) {
    out.printf("store %s; %s is in the database: %s%n", db.storage().settings().redactedUri(),
        study, db.isInDb(study));
    Experiment experiment = db.study(study);
    out.printf("best params before this batch: %s%n", db.bestParams(study));
    for (int i = 0; i < trials; i++) {
      double x = -5 + 15 * random.nextDouble();
      double y = 15 * random.nextDouble();
      db.storage().tracker().newRun(experiment.id(), RunSpec.create().param("x", x).param("y", y))
          .track(run -> run.addResults(Map.of("value", QuickStart.branin(x, y))));
    }
    Map<String, Object> best = db.bestParams(study);
    out.printf("after %d trials: best x=%.4f y=%.4f%n", trials, (Double) best.get("x"), (Double) best.get("y"));
    out.printf("latest study: %s; all studies: %s%n",
        db.latestStudy().map(Experiment::name).orElse("none"), db.studyNames());
  }
}
