package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.labbook.InvalidInputException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@link QueryTarget#validate}'s checks; the rules are documented there. */
final class QueryValidator {
  /** Top-level fields that hold arrays in views. */
  static final Set<String> ARRAY_FIELDS = Set.of("tags");
  /** The names a run's status can have, in lifecycle order: unknown ones would match nothing. */
  private static final List<String> STATUSES =
      java.util.Arrays.stream(dev.labbook.RunStatus.values()).map(Enum::name).toList();
  static final String METRICS = "metrics";

  private final QueryTarget target;

  QueryValidator(QueryTarget target) {
    this.target = target;
  }

  Query validate(Query query) {
    if (query == null) {
      throw new InvalidInputException("the query is missing (null); use Query.all() for every record");
    }
    for (Sort s : query.sort()) {
      if (s == null || s.field() == null || s.direction() == null) {
        throw new InvalidInputException("incomplete sort key " + s + "; give a field and a direction");
      }
      path(s.field());
    }
    query.after().ifPresent(c -> {
      if (c.sortValues().size() != query.sort().size()) {
        throw new InvalidInputException("the cursor holds " + c.sortValues().size()
            + " sort values but the query sorts by " + query.sort().size()
            + " keys; a cursor only continues the query that made it");
      }
    });
    return query.withFilter(filter(query.filter()));
  }

  private Filter filter(Filter f) {
    if (f == null) {
      throw new InvalidInputException("a filter is missing (null); use Filter.all() to match everything");
    }
    if (f instanceof Filter.Comparison c) {
      if (c.operator() == null) {
        throw new InvalidInputException("the comparison on " + c.field() + " has no operator (null)");
      }
      FieldPath path = scalarField(c.field(), c.operator().symbol() + " " + c.value());
      return new Filter.Comparison(c.field(), c.operator(), literal(path, c.value()));
    }
    if (f instanceof Filter.In in) {
      FieldPath path = scalarField(in.field(), "in " + in.values());
      return new Filter.In(in.field(), in.values().stream().map(v -> literal(path, v)).toList());
    }
    if (f instanceof Filter.Contains c) {
      FieldPath path = path(c.field());
      if (path.below().isEmpty() && !ARRAY_FIELDS.contains(path.root())) {
        throw new InvalidInputException("'" + c.field() + " contains " + c.value() + "': contains"
            + " tests the elements of an array, and " + c.field() + " is not one; arrays: "
            + sorted(ARRAY_FIELDS) + " and values in documents");
      }
      return new Filter.Contains(c.field(), literal(path, c.value()));
    }
    if (f instanceof Filter.Exists e) {
      path(e.field());
      return e;
    }
    if (f instanceof Filter.And a) {
      return new Filter.And(a.operands().stream().map(this::filter).toList());
    }
    if (f instanceof Filter.Or o) {
      return new Filter.Or(o.operands().stream().map(this::filter).toList());
    }
    if (f instanceof Filter.Not n) {
      return new Filter.Not(filter(n.operand()));
    }
    return f;
  }

  /** A path compared with scalars: not a top-level array field. */
  private FieldPath scalarField(String field, String condition) {
    FieldPath path = path(field);
    if (path.below().isEmpty() && ARRAY_FIELDS.contains(path.root())) {
      throw new InvalidInputException("'" + field + " " + condition + "': " + field + " is an array;"
          + " test its elements with " + field + " contains <value>");
    }
    return path;
  }

  /** Parses and checks a field path against the target's fields and documents. */
  FieldPath path(String field) {
    if (field == null) {
      throw new InvalidInputException("a field is missing (null); allowed: " + allowed());
    }
    FieldPath path = FieldPath.parse(field);
    String root = path.root();
    if (target.fields().contains(root)) {
      if (!path.below().isEmpty()) {
        throw new InvalidInputException("unknown field '" + field + "' in a query over " + name()
            + ": " + root + " has no fields below it; allowed: " + allowed());
      }
    } else if (target.documents().contains(root)) {
      if (path.below().isEmpty()) {
        throw new InvalidInputException("field '" + field + "' in a query over " + name() + " is a"
            + " document; name a key below it, such as " + root + ".<key>");
      }
      if (root.equals(METRICS) && path.below().size() > 1) {
        throw new InvalidInputException("field '" + field + "': metrics takes exactly one metric"
            + " key, metrics.<key>; quote a key that contains dots: metrics.\"train.loss\"");
      }
    } else {
      throw new InvalidInputException("unknown field '" + field + "' in a query over " + name()
          + "; allowed: " + allowed());
    }
    return path;
  }

  private JsonNode literal(FieldPath path, JsonNode value) {
    JsonNode v = value == null ? NullNode.getInstance() : Values.normalize(value);
    if (!v.isValueNode() || v.isBinary() || v.isPojo()) {
      throw new InvalidInputException("the value " + value + " compared with " + path + " is not a"
          + " scalar; filter values are strings, numbers, booleans or null");
    }
    if (target == QueryTarget.RUNS && path.below().isEmpty() && path.root().equals("status")
        && !(v.isTextual() && STATUSES.contains(v.textValue()))) {
      throw new InvalidInputException("the value " + value + " compared with status is not a run"
          + " status; allowed: " + String.join(", ", STATUSES));
    }
    boolean time = path.below().isEmpty() && QueryTarget.TIME_FIELDS.contains(path.root());
    if (!time) {
      return v;
    }
    if (v.isTextual()) {
      return LongNode.valueOf(epochMillis(path.root(), v.textValue()));
    }
    if (v.isBoolean()) {
      throw new InvalidInputException("cannot compare the time field " + path.root() + " with " + v
          + "; give an ISO-8601 time such as '2026-01-02T03:04:05Z', a date such as '2026-01-02',"
          + " or epoch milliseconds");
    }
    return v;
  }

  /**
   * An ISO-8601 instant (with {@code Z} or an offset) or date (midnight UTC) as epoch
   * milliseconds, digits below the millisecond dropped (rounding toward the past).
   */
  static long epochMillis(String field, String text) {
    try {
      try {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeException e) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidInputException("'" + text + "' is not a time to compare " + field + " with;"
          + " give an ISO-8601 instant such as '2026-01-02T03:04:05Z' (or with an offset,"
          + " '2026-01-02T05:04:05+02:00'), a date such as '2026-01-02' (midnight UTC), or epoch"
          + " milliseconds as a number", e);
    }
  }

  private String name() {
    return target.name().toLowerCase(Locale.ROOT);
  }

  private String allowed() {
    return sorted(target.fields()) + ", and paths below "
        + target.documents().stream().sorted().map(d -> d + ".<key>").collect(Collectors.joining(", "));
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", new TreeSet<>(names));
  }
}
