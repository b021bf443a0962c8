package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.Artifact;
import dev.labbook.MetricPoint;
import dev.labbook.RunStatus;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of every record the store keeps, both ways. Times are ISO-8601 strings in UTC
 * with exactly three fraction digits ({@code 2025-03-01T09:30:00.000Z}); fields are written in
 * a fixed order, small fields first, so a person sees what a record is before its documents.
 * Readers take what they need and ignore fields they do not know, so later versions may add
 * fields within format version 1.
 */
final class Records {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

  private Records() {}

  // ---- experiments, runs, configs ------------------------------------------------------------

  static ObjectNode experiment(ExperimentDocument e) {
    ObjectNode o = JSON.objectNode();
    o.put("id", e.id());
    o.put("name", e.name());
    o.put("description", e.description());
    o.set("tags", strings(e.tags()));
    o.put("created", time(e.created()));
    o.put("updated", time(e.updated()));
    o.put("version", e.version());
    o.set("metadata", e.metadata());
    return o;
  }

  static ExperimentDocument experiment(JsonNode o) {
    return new ExperimentDocument(text(o, "id"), text(o, "name"), optionalText(o, "description"),
        strings(o, "tags"), object(o, "metadata"), instant(o, "created"), instant(o, "updated"),
        number(o, "version"));
  }

  static ObjectNode run(RunDocument r) {
    ObjectNode o = JSON.objectNode();
    o.put("id", r.id());
    o.put("experimentId", r.experimentId());
    o.put("number", r.number());
    o.put("status", r.status().name());
    o.set("tags", strings(r.tags()));
    o.put("comment", r.comment());
    o.put("created", time(r.created()));
    o.put("started", time(r.started()));
    o.put("updated", time(r.updated()));
    o.put("ended", time(r.ended()));
    o.put("heartbeat", time(r.heartbeat()));
    o.put("version", r.version());
    o.set("params", r.params());
    o.set("args", r.args());
    o.set("env", r.env());
    o.set("extras", r.extras());
    o.set("results", r.results());
    return o;
  }

  static RunDocument run(JsonNode o) {
    RunStatus status;
    try {
      status = RunStatus.valueOf(text(o, "status"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown run status " + o.get("status"));
    }
    return new RunDocument(text(o, "id"), text(o, "experimentId"), number(o, "number"), status,
        strings(o, "tags"), optionalText(o, "comment"), object(o, "params"), object(o, "args"),
        object(o, "env"), object(o, "extras"), object(o, "results"), instant(o, "created"),
        optionalInstant(o, "started"), instant(o, "updated"), optionalInstant(o, "ended"),
        optionalInstant(o, "heartbeat"), number(o, "version"));
  }

  static ObjectNode config(ConfigDocument c) {
    ObjectNode o = JSON.objectNode();
    o.put("kind", c.kind());
    o.put("name", c.name());
    o.put("hash", c.hash());
    o.put("created", time(c.created()));
    o.set("body", c.body());
    return o;
  }

  static ConfigDocument config(JsonNode o) {
    return new ConfigDocument(text(o, "kind"), text(o, "name"), object(o, "body"), text(o, "hash"),
        instant(o, "created"));
  }

  static ObjectNode owned(OwnedDocument d) {
    ObjectNode o = JSON.objectNode();
    o.put("owner", d.ownerId());
    o.put("space", d.space());
    o.put("name", d.name());
    o.set("body", d.body());
    o.put("created", time(d.created()));
    o.put("updated", time(d.updated()));
    o.put("version", d.version());
    return o;
  }

  static OwnedDocument owned(JsonNode o) {
    return new OwnedDocument(text(o, "owner"), text(o, "space"), text(o, "name"),
        object(o, "body"), instant(o, "created"), instant(o, "updated"), number(o, "version"));
  }

  static ObjectNode artifact(Artifact a) {
    ObjectNode o = JSON.objectNode();
    o.put("ownerId", a.ownerId());
    o.put("path", a.path());
    o.put("size", a.size());
    o.put("sha256", a.sha256());
    o.put("created", time(a.created()));
    return o;
  }

  static Artifact artifact(JsonNode o) {
    return new Artifact(text(o, "ownerId"), text(o, "path"), number(o, "size"), text(o, "sha256"),
        instant(o, "created"));
  }

  // ---- metric points ---------------------------------------------------------------------

  /**
   * A point as one series line: {@code {"step":3,"value":0.25,"progress":0.1,"time":"…"}}, the
   * key being the file's; {@code progress} only when set. Values JSON cannot hold as numbers,
   * and -0.0, are strings: {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"},
   * {@code "-0.0"}; a NaN other than Java's canonical one keeps its bits as
   * {@code "NaN:7ff0000000000001"}.
   */
  static ObjectNode point(MetricPoint p) {
    ObjectNode o = JSON.objectNode();
    o.put("step", p.step());
    o.set("value", number(p.value()));
    if (p.progress() != null) {
      o.set("progress", number(p.progress()));
    }
    o.put("time", time(p.timestamp()));
    return o;
  }

  static MetricPoint point(String key, JsonNode o) {
    JsonNode progress = o.get("progress");
    return new MetricPoint(key, number(o, "step"),
        progress == null || progress.isNull() ? null : doubleValue(progress),
        doubleValue(required(o, "value")), instant(o, "time"));
  }

  private static JsonNode number(double d) {
    if (Double.isNaN(d)) {
      long bits = Double.doubleToRawLongBits(d);
      return JSON.textNode(bits == Double.doubleToRawLongBits(Double.NaN) ? "NaN"
          : "NaN:" + Long.toHexString(bits));
    }
    if (Double.isInfinite(d)) {
      return JSON.textNode(d > 0 ? "Infinity" : "-Infinity");
    }
    if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
      return JSON.textNode("-0.0");
    }
    return JSON.numberNode(d);
  }

  private static double doubleValue(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    String s = node.asText();
    switch (s) {
      case "NaN": return Double.NaN;
      case "Infinity": return Double.POSITIVE_INFINITY;
      case "-Infinity": return Double.NEGATIVE_INFINITY;
      case "-0.0": return -0.0;
      default:
        if (node.isTextual() && s.startsWith("NaN:")) {
          return Double.longBitsToDouble(Long.parseUnsignedLong(s.substring(4), 16));
        }
        throw new IllegalArgumentException("not a metric value: " + node);
    }
  }

  // ---- times and fields ------------------------------------------------------------------

  static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  static Instant instant(JsonNode o, String field) {
    String text = text(o, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field " + field + " is not an ISO-8601 time: " + text);
    }
  }

  private static Instant optionalInstant(JsonNode o, String field) {
    JsonNode value = o.get(field);
    return value == null || value.isNull() ? null : instant(o, field);
  }

  static String text(JsonNode o, String field) {
    JsonNode value = required(o, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is not a string: " + value);
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode o, String field) {
    JsonNode value = o.get(field);
    return value == null || value.isNull() ? null : text(o, field);
  }

  static long number(JsonNode o, String field) {
    JsonNode value = required(o, field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field " + field + " is not a whole number: " + value);
    }
    return value.longValue();
  }

  private static ObjectNode object(JsonNode o, String field) {
    JsonNode value = required(o, field);
    if (!value.isObject()) {
      throw new IllegalArgumentException("field " + field + " is not an object");
    }
    return (ObjectNode) value;
  }

  private static List<String> strings(JsonNode o, String field) {
    JsonNode value = required(o, field);
    if (!value.isArray()) {
      throw new IllegalArgumentException("field " + field + " is not an array");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException("field " + field + " holds a non-string: " + element);
      }
      out.add(element.textValue());
    }
    return out;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode(values.size());
    values.forEach(array::add);
    return array;
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode value = o == null ? null : o.get(field);
    if (value == null) {
      throw new IllegalArgumentException("field " + field + " is missing");
    }
    return value;
  }
}
