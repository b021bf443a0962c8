package dev.labbook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.internal.Json;
import dev.labbook.internal.Names;
import dev.labbook.internal.Retry;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.StoreContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Named documents saved with an experiment to resume its search: an optimizer's state, as Ax
 * saves its generation strategy. Get it from {@link ExperimentStore#states()}. Updates are
 * compare-and-set, so two workers resuming one search cannot both advance it from the same
 * state. Deleting the experiment deletes its states. Thread-safe.
 *
 * <pre>{@code
 * States states = lab.experiments().states();
 * states.save(experiment.id(), "optimizer", new Bayes(...));             // registered type
 * State saved = states.get(experiment.id(), "optimizer");
 * Bayes bayes = lab.codecs().convert(saved.value(), Bayes.class);
 * states.update(saved.withValue(bayes.next()));                          // ConflictException if stale
 * }</pre>
 */
public final class States {
  /** The owned-document space states are kept in. */
  static final String SPACE = "states";

  private final ExperimentStore store;
  private final StoreContext context;

  States(ExperimentStore store, StoreContext context) {
    this.store = store;
    this.context = context;
  }

  /**
   * Saves a new state.
   *
   * @throws NotFoundException naming the experiment id
   * @throws DuplicateNameException if the experiment has a state of that name
   * @throws InvalidNameException if the name breaks the name rules
   * @throws CodecException if the value cannot be encoded
   */
  public State save(String experimentId, String name, Object value) {
    context.ensureOpen();
    Names.check("state name", name);
    store.get(experimentId);
    Instant now = now();
    OwnedDocument document = new OwnedDocument(experimentId, SPACE, name, body(value), now, now, 0);
    if (!Retry.transiently(() -> store.insertOwned(document))) {
      throw new DuplicateNameException("state", name);
    }
    return state(document);
  }

  /**
   * The state of this name, if the experiment has one.
   *
   * @throws NotFoundException naming the experiment id
   */
  public Optional<State> find(String experimentId, String name) {
    context.ensureOpen();
    Names.check("state name", name);
    store.get(experimentId);
    return Retry.transiently(() -> store.loadOwned(experimentId, SPACE, name)).map(this::state);
  }

  /**
   * The state of this name.
   *
   * @throws NotFoundException naming the state, or the experiment id
   */
  public State get(String experimentId, String name) {
    return find(experimentId, name).orElseThrow(() -> missing(experimentId, name));
  }

  /**
   * Stores a changed value if the stored version is still {@code changed.version()}, and
   * returns it with the next version and a new updated time.
   *
   * @throws ConflictException if the state changed since {@code changed} was read
   * @throws NotFoundException if it, or its experiment, was deleted
   */
  public State update(State changed) {
    context.ensureOpen();
    Names.check("state name", changed.name());
    OwnedDocument stored = Retry.transiently(
        () -> store.loadOwned(changed.experimentId(), SPACE, changed.name()))
        .orElseThrow(() -> missing(changed.experimentId(), changed.name()));
    OwnedDocument document = new OwnedDocument(changed.experimentId(), SPACE, changed.name(),
        body(changed.value()), stored.created(), now(), changed.version() + 1);
    if (!Retry.transiently(() -> store.replaceOwned(document, changed.version()))) {
      get(changed.experimentId(), changed.name()); // throws NotFoundException if it is gone
      throw new ConflictException("state", changed.experimentId() + "/" + changed.name(),
          changed.version());
    }
    return state(document);
  }

  /**
   * Deletes a state.
   *
   * @throws NotFoundException naming the state, or the experiment id
   */
  public void delete(String experimentId, String name) {
    context.ensureOpen();
    Names.check("state name", name);
    store.get(experimentId);
    if (!Retry.transiently(() -> store.removeOwned(experimentId, SPACE, name))) {
      throw missing(experimentId, name);
    }
  }

  /**
   * The names of the experiment's states ({@link QueryEvaluator#STRING_ORDER}).
   *
   * @throws NotFoundException naming the experiment id
   */
  public List<String> names(String experimentId) {
    context.ensureOpen();
    store.get(experimentId);
    return Retry.transiently(() -> store.listOwned(experimentId, SPACE)).stream()
        .map(OwnedDocument::name).sorted(QueryEvaluator.STRING_ORDER).toList();
  }

  private ObjectNode body(Object value) {
    ObjectNode body = Json.object();
    body.set("value", context.codecs().encode(value));
    return body;
  }

  private State state(OwnedDocument document) {
    return new State(document.ownerId(), document.name(),
        context.codecs().decode(document.body().get("value")), document.created(),
        document.updated(), document.version());
  }

  private Instant now() {
    return context.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static NotFoundException missing(String experimentId, String name) {
    return new NotFoundException("no state " + Names.quote(name) + " of experiment " + experimentId);
  }
}
