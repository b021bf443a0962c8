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
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Typed links between experiments and between runs, as sqltrack keeps them. Get it from
 * {@link ExperimentStore#links()}. A link is kept with the record it starts at: deleting that
 * record deletes its links; a link whose target was deleted is no longer listed. Thread-safe.
 */
public final class Links {
  /** The owned-document space links are kept in. */
  static final String SPACE = "links";
  // Types follow the name rules, which exclude control characters: the separator is unambiguous.
  private static final char SEPARATOR = '\u001F';

  private final ExperimentStore store;
  private final StoreContext context;

  Links(ExperimentStore store, StoreContext context) {
    this.store = store;
    this.context = context;
  }

  /**
   * Links one experiment to another, or one run to another. Linking again with the same type
   * and target changes nothing and returns the existing link.
   *
   * @throws NotFoundException naming an id that is neither an experiment nor a run
   * @throws InvalidInputException if one id is an experiment and the other a run
   * @throws InvalidNameException if the type breaks the name rules
   */
  public Link add(String fromId, String type, String toId) {
    context.ensureOpen();
    Names.check("link type", type);
    Kind from = kindOf(fromId);
    Kind to = kindOf(toId);
    if (from != to) {
      throw new InvalidInputException("a link joins two experiments or two runs; " + fromId
          + " is " + from.label + " and " + toId + " is " + to.label);
    }
    ObjectNode body = Json.object();
    body.put("type", type);
    body.put("to", toId);
    Instant now = context.now().truncatedTo(ChronoUnit.MILLIS);
    OwnedDocument document = new OwnedDocument(fromId, SPACE, key(type, toId), body, now, now, 0);
    if (Retry.transiently(() -> store.insertOwned(document))) {
      return link(document);
    }
    return Retry.transiently(() -> store.loadOwned(fromId, SPACE, key(type, toId)))
        .map(Links::link).orElseGet(() -> add(fromId, type, toId)); // removed meanwhile: again
  }

  /**
   * Removes a link.
   *
   * @return false if there was no such link
   * @throws NotFoundException naming {@code fromId} if it is neither an experiment nor a run
   */
  public boolean remove(String fromId, String type, String toId) {
    context.ensureOpen();
    Names.check("link type", type);
    Objects.requireNonNull(toId, "toId");
    kindOf(fromId);
    return Retry.transiently(() -> store.removeOwned(fromId, SPACE, key(type, toId)));
  }

  /**
   * The links that start at an experiment or run, by type and then target
   * ({@link QueryEvaluator#STRING_ORDER}); links to deleted records are left out.
   *
   * @throws NotFoundException naming the id if it is neither an experiment nor a run
   */
  public List<Link> from(String id) {
    context.ensureOpen();
    Kind kind = kindOf(id);
    return Retry.transiently(() -> store.listOwned(id, SPACE)).stream()
        .map(Links::link)
        .filter(link -> kind.exists(store, link.to()))
        .sorted(Comparator.comparing(Link::type, QueryEvaluator.STRING_ORDER)
            .thenComparing(Link::to, QueryEvaluator.STRING_ORDER))
        .toList();
  }

  private static String key(String type, String toId) {
    return type + SEPARATOR + toId;
  }

  private static Link link(OwnedDocument document) {
    return new Link(document.ownerId(), document.body().path("type").asText(),
        document.body().path("to").asText(), document.created());
  }

  private Kind kindOf(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidInputException("a link end is missing (" + (id == null ? "null" : "empty") + ")");
    }
    if (Kind.EXPERIMENT.exists(store, id)) {
      return Kind.EXPERIMENT;
    }
    if (Kind.RUN.exists(store, id)) {
      return Kind.RUN;
    }
    throw new NotFoundException("no experiment or run with id " + Names.quote(id));
  }

  private enum Kind {
    EXPERIMENT("an experiment"), RUN("a run");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    boolean exists(ExperimentStore store, String id) {
      return this == EXPERIMENT ? Retry.transiently(() -> store.loadExperiment(id)).isPresent()
          : Retry.transiently(() -> store.loadRun(id)).isPresent();
    }
  }
}
