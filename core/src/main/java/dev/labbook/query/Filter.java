package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A condition on records, as a tree. Field paths name a top-level field ({@code name},
 * {@code status}, {@code tags}, {@code created}…) or a path below a document field
 * ({@code params.optimizer.lr}, {@code metadata.host}, {@code metrics.loss} meaning the latest
 * value); {@link QueryTarget} lists what each kind of record offers, and {@link FieldPath}
 * gives the syntax (the same as in the string form: {@code params."a.b"} quotes a key with
 * dots). Literal values are JSON scalars. Build filters with the static factories or parse the
 * string form with {@link Query#parse(String)}; {@link QueryEvaluator} defines their meaning.
 */
public sealed interface Filter {

  /** Matches every record. */
  record All() implements Filter {}

  /** {@code field op value}. */
  record Comparison(String field, Operator operator, JsonNode value) implements Filter {}

  /** {@code field in (v1, v2, …)}: the field equals one of the values. */
  record In(String field, List<JsonNode> values) implements Filter {
    public In {
      values = List.copyOf(values);
    }
  }

  /** {@code exists field}: the field is present (a JSON null counts as present). */
  record Exists(String field) implements Filter {}

  /** {@code field contains value}: the field is an array holding an element equal to value. */
  record Contains(String field, JsonNode value) implements Filter {}

  /** All of the operands hold. */
  record And(List<Filter> operands) implements Filter {
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** At least one of the operands holds. */
  record Or(List<Filter> operands) implements Filter {
    public Or {
      operands = List.copyOf(operands);
    }
  }

  /** The operand does not hold. */
  record Not(Filter operand) implements Filter {}

  static Filter all() {
    return new All();
  }

  static Filter eq(String field, Object value) {
    return new Comparison(field, Operator.EQ, Literals.of(value));
  }

  static Filter ne(String field, Object value) {
    return new Comparison(field, Operator.NE, Literals.of(value));
  }

  static Filter lt(String field, Object value) {
    return new Comparison(field, Operator.LT, Literals.of(value));
  }

  static Filter le(String field, Object value) {
    return new Comparison(field, Operator.LE, Literals.of(value));
  }

  static Filter gt(String field, Object value) {
    return new Comparison(field, Operator.GT, Literals.of(value));
  }

  static Filter ge(String field, Object value) {
    return new Comparison(field, Operator.GE, Literals.of(value));
  }

  static Filter in(String field, Object... values) {
    return new In(field, java.util.Arrays.stream(values).map(Literals::of).toList());
  }

  static Filter exists(String field) {
    return new Exists(field);
  }

  static Filter contains(String field, Object value) {
    return new Contains(field, Literals.of(value));
  }

  static Filter and(Filter... operands) {
    return new And(List.of(operands));
  }

  static Filter or(Filter... operands) {
    return new Or(List.of(operands));
  }

  static Filter not(Filter operand) {
    return new Not(operand);
  }
}
