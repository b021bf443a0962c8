package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.labbook.InvalidInputException;
import dev.labbook.query.Lexer.Kind;
import dev.labbook.query.Lexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the string form of filters.
 *
 * <pre>
 * filter    := (nothing but white space: {@link Filter.All}) | or
 * or        := and ('or' and)*
 * and       := unary ('and' unary)*
 * unary     := 'not' unary | primary
 * primary   := '(' or ')' | 'exists' field | field predicate
 * predicate := ('=' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') literal
 *            | 'in' '(' literal (',' literal)* ')' | 'contains' literal
 * literal   := string | number | 'true' | 'false' | 'null'
 * </pre>
 *
 * <p>So {@code not} binds tighter than {@code and}, and {@code and} tighter than {@code or}:
 * {@code not a = 1 and b = 2 or c = 3} is {@code ((not a = 1) and b = 2) or c = 3}. A chain of
 * {@code and} (or of {@code or}) becomes one {@link Filter.And} ({@link Filter.Or}) with all its
 * operands; parentheses make nested nodes. Keywords ({@code and or not in exists contains true
 * false null}) are case-insensitive. Fields are {@link FieldPath}s, stored in the filter in
 * their canonical form ({@link FieldPath#toString()}). Strings are in single quotes, where
 * {@code ''} or {@code \'} is a quote and {@code \\} a backslash. Numbers are JSON-like
 * ({@code 3}, {@code -2}, {@code 0.5}, {@code 1e-3}; no leading {@code +} or {@code .}):
 * integers become int, long or big-integer nodes, numbers with a fraction or exponent double
 * nodes (an exponent beyond the range of doubles is an error). Conditions nest at most
 * {@value #MAX_DEPTH} deep.
 */
final class QueryParser {
  static final int MAX_DEPTH = 100;
  private static final String CONDITION = "a condition (a field, 'not', 'exists' or '(')";
  private static final String LITERAL =
      "a value (a 'string' in single quotes, a number, true, false or null)";

  private final String input;
  private final List<Token> tokens;
  private int index;

  private QueryParser(String input) {
    this.input = input;
    this.tokens = Lexer.tokenize(input);
  }

  static Filter parse(String text) {
    if (text == null) {
      throw new InvalidInputException("the query is missing (null); pass \"\" to match everything");
    }
    QueryParser parser = new QueryParser(text);
    if (parser.peek().kind() == Kind.END) {
      return Filter.all();
    }
    Filter filter = parser.or(0);
    Token t = parser.peek();
    if (t.kind() == Kind.RPAREN) {
      throw parser.error(t, "unmatched ')'");
    }
    if (t.kind() != Kind.END) {
      throw parser.error(t, "expected 'and', 'or' or the end of the query, found " + t.describe());
    }
    return filter;
  }

  private Filter or(int depth) {
    List<Filter> operands = new ArrayList<>();
    operands.add(and(depth));
    while (peek().kind() == Kind.OR) {
      index++;
      operands.add(and(depth));
    }
    return operands.size() == 1 ? operands.get(0) : new Filter.Or(operands);
  }

  private Filter and(int depth) {
    List<Filter> operands = new ArrayList<>();
    operands.add(unary(depth));
    while (peek().kind() == Kind.AND) {
      index++;
      operands.add(unary(depth));
    }
    return operands.size() == 1 ? operands.get(0) : new Filter.And(operands);
  }

  private Filter unary(int depth) {
    Token t = peek();
    if (depth > MAX_DEPTH) {
      throw error(t, "conditions are nested more than " + MAX_DEPTH + " deep");
    }
    if (t.kind() == Kind.NOT) {
      index++;
      return new Filter.Not(unary(depth + 1));
    }
    return primary(depth);
  }

  private Filter primary(int depth) {
    Token t = next();
    switch (t.kind()) {
      case LPAREN: {
        Filter inner = or(depth + 1);
        Token close = next();
        if (close.kind() != Kind.RPAREN) {
          throw error(close, "expected 'and', 'or' or ')' to close the '(' at position " + t.start()
              + ", found " + close.describe());
        }
        return inner;
      }
      case EXISTS: {
        Token field = next();
        if (field.kind() != Kind.FIELD) {
          throw error(field, "expected a field after 'exists', found " + field.describe());
        }
        return new Filter.Exists(field.value().toString());
      }
      case FIELD:
        return predicate(t);
      default:
        throw error(t, "expected " + CONDITION + ", found " + t.describe());
    }
  }

  private Filter predicate(Token field) {
    String name = field.value().toString();
    Token t = next();
    switch (t.kind()) {
      case OPERATOR:
        return new Filter.Comparison(name, (Operator) t.value(), literal(t));
      case IN: {
        Token open = next();
        if (open.kind() != Kind.LPAREN) {
          throw error(open, "expected '(' after 'in', found " + open.describe());
        }
        List<JsonNode> values = new ArrayList<>();
        values.add(literal(open));
        Token sep = next();
        while (sep.kind() == Kind.COMMA) {
          values.add(literal(sep));
          sep = next();
        }
        if (sep.kind() != Kind.RPAREN) {
          throw error(sep, "expected ',' or ')' in the list after 'in', found " + sep.describe());
        }
        return new Filter.In(name, values);
      }
      case CONTAINS:
        return new Filter.Contains(name, literal(t));
      case NOT:
        throw error(t, "expected an operator after " + field.text() + ", found 'not'; to negate,"
            + " put 'not' before the condition: not " + field.text() + " ...");
      default:
        throw error(t, "expected an operator (=, !=, <, <=, >, >=, in, contains) after "
            + field.text() + ", found " + t.describe());
    }
  }

  private JsonNode literal(Token after) {
    Token t = next();
    switch (t.kind()) {
      case STRING: case NUMBER: return (JsonNode) t.value();
      case TRUE: return BooleanNode.TRUE;
      case FALSE: return BooleanNode.FALSE;
      case NULL: return NullNode.getInstance();
      case FIELD:
        throw error(t, "expected " + LITERAL + " after '" + after.text() + "', found "
            + t.describe() + (t.text().startsWith("\"") ? "; strings take single quotes" : ""));
      default:
        throw error(t, "expected " + LITERAL + " after '" + after.text() + "', found " + t.describe());
    }
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token next() {
    Token t = tokens.get(index);
    if (t.kind() != Kind.END) {
      index++;
    }
    return t;
  }

  private QuerySyntaxException error(Token at, String problem) {
    return QuerySyntaxException.at(Lexer.WHAT, input, at.start(), problem);
  }
}
