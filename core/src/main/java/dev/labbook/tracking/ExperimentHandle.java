package dev.labbook.tracking;

import dev.labbook.ConflictException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentStore;
import dev.labbook.Link;
import dev.labbook.RunSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A handle on one stored experiment whose methods change it and return the handle, as
 * sqltrack's {@code Experiment} does:
 *
 * <pre>{@code
 * ExperimentHandle sweep = lab.tracker().experiment("lr-sweep")
 *     .comment("learning rates from 1e-4 to 1e-1").addTags("baseline");
 * RunHandle run = sweep.newRun();
 * }</pre>
 *
 * <p>sqltrack's experiment comment is Labbook's description. Every change is a compare-and-set
 * that reads again and reapplies when another writer changed the experiment in between, so
 * concurrent changes are all kept. Thread-safe; it holds nothing but the experiment's id.
 */
public final class ExperimentHandle {
  private final Tracker tracker;
  private final ExperimentStore experiments;
  private final String id;

  ExperimentHandle(Tracker tracker, String id) {
    this.tracker = tracker;
    this.experiments = tracker.lab().experiments();
    this.id = id;
  }

  /** The experiment's id. */
  public String id() {
    return id;
  }

  /** The experiment as stored now. */
  public Experiment get() {
    return experiments.get(id);
  }

  /** Renames it; the name must stay unique ({@link dev.labbook.DuplicateNameException}). */
  public ExperimentHandle name(String name) {
    return update(e -> e.withName(name));
  }

  /** Sets its comment, which Labbook keeps as the description (null clears it). */
  public ExperimentHandle comment(String comment) {
    return update(e -> e.withDescription(comment));
  }

  /** Adds tags; ones it has stay. */
  public ExperimentHandle addTags(String... tags) {
    List<String> added = List.of(tags);
    return update(e -> {
      Set<String> all = new TreeSet<>(e.tags());
      all.addAll(added);
      return e.withTags(all);
    });
  }

  /** Removes tags; ones it does not have are ignored. */
  public ExperimentHandle removeTags(String... tags) {
    Set<String> removed = Set.copyOf(Arrays.asList(tags));
    return update(e -> {
      Set<String> kept = new TreeSet<>(e.tags());
      kept.removeAll(removed);
      return e.withTags(kept);
    });
  }

  /** Replaces the tags. */
  public ExperimentHandle setTags(String... tags) {
    Set<String> replaced = new TreeSet<>(List.of(tags));
    return update(e -> e.withTags(replaced));
  }

  /** Adds metadata over what it has. */
  public ExperimentHandle addMetadata(Map<String, ?> metadata) {
    return update(e -> {
      Map<String, Object> all = new LinkedHashMap<>(e.metadata());
      all.putAll(metadata);
      return e.withMetadata(all);
    });
  }

  /** A new run (QUEUED) in this experiment. */
  public RunHandle newRun() {
    return tracker.newRun(id);
  }

  /** A new run in this experiment, as the spec describes it. */
  public RunHandle newRun(RunSpec spec) {
    return tracker.newRun(id, spec);
  }

  /**
   * Applies {@code change} to the experiment as stored and writes the result by
   * compare-and-set, reapplying when another writer changed it in between. A change that
   * returns the experiment it was given writes nothing.
   *
   * @throws ConflictException if other writers won 100 rounds in a row
   */
  public ExperimentHandle update(UnaryOperator<Experiment> change) {
    CompareAndSet.apply(this::get, change, experiments::update);
    return this;
  }

  /**
   * Links this experiment to another experiment (sqltrack's {@code add_link}); linking again changes
   * nothing. See {@link dev.labbook.Links}.
   *
   * @throws dev.labbook.NotFoundException naming the other id if there is no such experiment
   * @throws dev.labbook.InvalidInputException if the other id is not an experiment
   */
  public ExperimentHandle addLink(String type, String toId) {
    experiments.links().add(id, type, toId);
    return this;
  }

  /** Removes a link to another experiment, if there is one. */
  public ExperimentHandle removeLink(String type, String toId) {
    experiments.links().remove(id, type, toId);
    return this;
  }

  /** This experiment's links, by type and then target. */
  public List<Link> links() {
    return experiments.links().from(id);
  }

  @Override
  public String toString() {
    return "ExperimentHandle[" + id + "]";
  }
}
