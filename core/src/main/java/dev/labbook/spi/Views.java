package dev.labbook.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.codec.CodecRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds the views that queries filter and sort on (see {@link dev.labbook.query.QueryTarget}):
 * one JSON object per record with its queryable fields, times as epoch milliseconds. Backends
 * that answer queries with {@link dev.labbook.query.QueryEvaluator} build views here; backends
 * that translate queries natively must give the same answers as if they had.
 */
public final class Views {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Views() {}

  /** The view of an experiment. */
  public static ObjectNode experiment(ExperimentDocument e) {
    ObjectNode view = JSON.objectNode();
    view.put("id", e.id());
    view.put("name", e.name());
    view.put("description", e.description());
    view.set("tags", strings(e.tags()));
    time(view, "created", e.created());
    time(view, "updated", e.updated());
    view.set("metadata", e.metadata());
    return view;
  }

  /**
   * The view of a run.
   *
   * @param latestMetrics the value of the highest step of each metric key (for equal steps, the
   *     point logged last)
   */
  public static ObjectNode run(RunDocument r, Map<String, Double> latestMetrics) {
    ObjectNode view = JSON.objectNode();
    view.put("id", r.id());
    view.put("experimentId", r.experimentId());
    view.put("number", r.number());
    view.put("status", r.status().name());
    view.set("tags", strings(r.tags()));
    view.put("comment", r.comment());
    time(view, "created", r.created());
    time(view, "started", r.started());
    time(view, "updated", r.updated());
    time(view, "ended", r.ended());
    time(view, "heartbeat", r.heartbeat());
    view.set("params", r.params());
    view.set("args", r.args());
    view.set("env", r.env());
    view.set("extras", r.extras());
    view.set("results", r.results());
    ObjectNode metrics = view.putObject("metrics");
    // Keys escaped as the codec escapes document keys, so metrics.@acc finds "@acc".
    latestMetrics.forEach((key, value) -> metrics.put(CodecRegistry.escapeKey(key), value));
    return view;
  }

  private static JsonNode strings(List<String> values) {
    var array = JSON.arrayNode(values.size());
    values.forEach(array::add);
    return array;
  }

  private static void time(ObjectNode view, String field, Instant time) {
    if (time == null) {
      view.putNull(field);
    } else {
      view.put(field, time.toEpochMilli());
    }
  }
}
