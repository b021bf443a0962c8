package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.labbook.InvalidInputException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns a filter into a predicate over views, parsing each field path once. The rules are those
 * of {@link QueryEvaluator}; value comparisons are {@link Values}'.
 */
final class FilterCompiler {
  private FilterCompiler() {}

  static Predicate<JsonNode> compile(Filter filter) {
    if (filter == null) {
      throw new InvalidInputException("a filter cannot be null; use Filter.all() to match everything");
    }
    if (filter instanceof Filter.All) {
      return view -> true;
    }
    if (filter instanceof Filter.Comparison c) {
      FieldPath path = path(c.field());
      JsonNode value = literal(c.value());
      Operator op = c.operator();
      if (op == null) {
        throw new InvalidInputException("the operator of a comparison on " + c.field() + " is null");
      }
      switch (op) {
        case EQ: return view -> Values.equal(path.find(view), value);
        case NE: return view -> !Values.equal(path.find(view), value);
        default: return view -> Values.ordered(op, path.find(view), value);
      }
    }
    if (filter instanceof Filter.In in) {
      FieldPath path = path(in.field());
      List<JsonNode> values = in.values().stream().map(FilterCompiler::literal).toList();
      return view -> {
        JsonNode actual = path.find(view);
        return values.stream().anyMatch(v -> Values.equal(actual, v));
      };
    }
    if (filter instanceof Filter.Exists e) {
      FieldPath path = path(e.field());
      return view -> path.find(view) != null;
    }
    if (filter instanceof Filter.Contains c) {
      FieldPath path = path(c.field());
      JsonNode value = literal(c.value());
      return view -> {
        JsonNode actual = path.find(view);
        if (actual == null || !actual.isArray()) {
          return false;
        }
        for (JsonNode element : actual) {
          if (Values.equal(Values.normalize(element), value)) {
            return true;
          }
        }
        return false;
      };
    }
    if (filter instanceof Filter.And a) {
      List<Predicate<JsonNode>> operands = a.operands().stream().map(FilterCompiler::compile).toList();
      return view -> operands.stream().allMatch(p -> p.test(view));
    }
    if (filter instanceof Filter.Or o) {
      List<Predicate<JsonNode>> operands = o.operands().stream().map(FilterCompiler::compile).toList();
      return view -> operands.stream().anyMatch(p -> p.test(view));
    }
    if (filter instanceof Filter.Not n) {
      return compile(n.operand()).negate();
    }
    throw new IllegalArgumentException("unknown filter " + filter);
  }

  private static FieldPath path(String field) {
    return FieldPath.parse(field);
  }

  /** A literal as compared: Java null is JSON null, a tagged double is the double. */
  private static JsonNode literal(JsonNode value) {
    return value == null ? NullNode.getInstance() : Values.normalize(value);
  }
}
