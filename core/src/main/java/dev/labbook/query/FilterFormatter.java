package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes filters in the string form {@link QueryParser} reads: fields in canonical form,
 * strings in single quotes, and every compound operand in parentheses, so that parsing the
 * result gives back the same filter (for filters whose literals the string form can write:
 * not NaN or infinite doubles).
 */
final class FilterFormatter {
  private FilterFormatter() {}

  static String format(Filter filter) {
    if (filter instanceof Filter.All) {
      return "";
    }
    return write(filter);
  }

  private static String write(Filter f) {
    if (f instanceof Filter.Comparison c) {
      return field(c.field()) + " " + c.operator().symbol() + " " + literal(c.value());
    }
    if (f instanceof Filter.In in) {
      return field(in.field()) + " in ("
          + in.values().stream().map(FilterFormatter::literal).collect(Collectors.joining(", ")) + ")";
    }
    if (f instanceof Filter.Exists e) {
      return "exists " + field(e.field());
    }
    if (f instanceof Filter.Contains c) {
      return field(c.field()) + " contains " + literal(c.value());
    }
    if (f instanceof Filter.And a) {
      return join(a.operands(), " and ");
    }
    if (f instanceof Filter.Or o) {
      return join(o.operands(), " or ");
    }
    if (f instanceof Filter.Not n) {
      return "not " + operand(n.operand());
    }
    throw new IllegalArgumentException("no string form for " + f);
  }

  private static String join(List<Filter> operands, String separator) {
    return operands.stream().map(FilterFormatter::operand).collect(Collectors.joining(separator));
  }

  private static String operand(Filter f) {
    boolean compound = f instanceof Filter.And || f instanceof Filter.Or || f instanceof Filter.Not;
    return compound ? "(" + write(f) + ")" : write(f);
  }

  private static String field(String field) {
    return FieldPath.parse(field).toString();
  }

  private static String literal(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return "'" + value.textValue().replace("\\", "\\\\").replace("'", "''") + "'";
    }
    return value.toString();
  }
}
