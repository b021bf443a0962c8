package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Splits the string form of a filter into tokens; see {@link QueryParser} for the grammar. */
final class Lexer {
  static final String WHAT = "Invalid query";

  enum Kind {
    FIELD, STRING, NUMBER, OPERATOR, LPAREN, RPAREN, COMMA,
    AND, OR, NOT, IN, EXISTS, CONTAINS, TRUE, FALSE, NULL, END
  }

  /**
   * A token: {@code value} is the {@link FieldPath} of a FIELD, the JSON literal of a STRING or
   * NUMBER, the {@link Operator} of an OPERATOR, else null.
   */
  record Token(Kind kind, int start, int end, String text, Object value) {
    /** The token as messages quote it. */
    String describe() {
      switch (kind) {
        case END: return "the end of the query";
        case FIELD: return "the field " + text;
        case STRING: return "the string " + text;
        case NUMBER: return "the number " + text;
        default: return "'" + text + "'";
      }
    }
  }

  private final String input;
  private int pos;

  private Lexer(String input) {
    this.input = input;
  }

  static List<Token> tokenize(String input) {
    Lexer lexer = new Lexer(input);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Kind.END);
    return tokens;
  }

  private Token next() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= input.length()) {
      return new Token(Kind.END, start, start, "", null);
    }
    char c = input.charAt(pos);
    int cp = input.codePointAt(pos);
    switch (c) {
      case '(': return single(Kind.LPAREN);
      case ')': return single(Kind.RPAREN);
      case ',': return single(Kind.COMMA);
      case '\'': return string();
      case '"': case '`': return field();
      case '=': case '!': case '<': case '>': case '&': case '|': return operator();
      default:
        if (c >= '0' && c <= '9' || c == '-' && pos + 1 < input.length()
            && input.charAt(pos + 1) >= '0' && input.charAt(pos + 1) <= '9') {
          return number();
        }
        if (FieldPath.startsPath(cp)) {
          return field();
        }
        throw error(start, "unexpected character " + QuerySyntaxException.describe(cp));
    }
  }

  private Token single(Kind kind) {
    pos++;
    return new Token(kind, pos - 1, pos, input.substring(pos - 1, pos), null);
  }

  private Token field() {
    int start = pos;
    int[] end = new int[1];
    FieldPath path = FieldPath.read(WHAT, input, start, end);
    pos = end[0];
    String text = input.substring(start, pos);
    char first = text.charAt(0);
    if (path.segments().size() == 1 && first != '"' && first != '`') {
      String word = text.toLowerCase(Locale.ROOT);
      if (FieldPath.KEYWORDS.contains(word)) {
        return new Token(Kind.valueOf(word.toUpperCase(Locale.ROOT)), start, pos, text, null);
      }
    }
    return new Token(Kind.FIELD, start, pos, text, path);
  }

  private Token string() {
    int start = pos;
    StringBuilder value = new StringBuilder();
    int i = pos + 1;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == '\'') {
        if (i + 1 < input.length() && input.charAt(i + 1) == '\'') {
          value.append('\'');
          i += 2;
          continue;
        }
        pos = i + 1;
        return new Token(Kind.STRING, start, pos, input.substring(start, pos),
            JsonNodeFactory.instance.textNode(value.toString()));
      }
      if (c == '\\') {
        char next = i + 1 < input.length() ? input.charAt(i + 1) : 0;
        if (next != '\'' && next != '\\') {
          throw error(i, "unknown escape in a string: only \\' and \\\\ are escapes"
              + " (or write '' for a quote)");
        }
        value.append(next);
        i += 2;
        continue;
      }
      value.append(c);
      i++;
    }
    throw error(start, "unterminated string: no closing '");
  }

  private Token number() {
    int start = pos;
    int i = pos;
    if (input.charAt(i) == '-') {
      i++;
    }
    i = digits(i);
    boolean integral = true;
    if (i + 1 < input.length() && input.charAt(i) == '.' && isDigit(i + 1)) {
      integral = false;
      i = digits(i + 1);
    }
    if (i < input.length() && (input.charAt(i) == 'e' || input.charAt(i) == 'E')) {
      integral = false;
      i++;
      if (i < input.length() && (input.charAt(i) == '+' || input.charAt(i) == '-')) {
        i++;
      }
      if (!isDigit(i)) {
        throw error(i, "expected the digits of an exponent");
      }
      i = digits(i);
    }
    if (i < input.length() && (FieldPath.isBare(input.codePointAt(i)) || input.charAt(i) == '.')) {
      throw error(i, "unexpected " + QuerySyntaxException.describe(input.codePointAt(i))
          + " in a number");
    }
    pos = i;
    String text = input.substring(start, i);
    return new Token(Kind.NUMBER, start, i, text, numberValue(text, integral, start));
  }

  private JsonNode numberValue(String text, boolean integral, int start) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (integral) {
      BigInteger big = new BigInteger(text);
      if (big.bitLength() < 32) {
        return nodes.numberNode(big.intValue());
      }
      return big.bitLength() < 64 ? nodes.numberNode(big.longValue()) : nodes.numberNode(big);
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d)) {
      throw error(start, "the number " + text + " is out of the range of doubles");
    }
    return nodes.numberNode(d);
  }

  private boolean isDigit(int i) {
    return i < input.length() && input.charAt(i) >= '0' && input.charAt(i) <= '9';
  }

  private int digits(int i) {
    while (isDigit(i)) {
      i++;
    }
    return i;
  }

  private Token operator() {
    int start = pos;
    String two = input.substring(pos, Math.min(pos + 2, input.length()));
    switch (two) {
      case "==": throw error(start, "'==' is not an operator; use '='");
      case "<>": throw error(start, "'<>' is not an operator; use '!='");
      case "&&": throw error(start, "'&&' is not an operator; use 'and'");
      case "||": throw error(start, "'||' is not an operator; use 'or'");
      case "!=": return operator(Operator.NE, 2);
      case "<=": return operator(Operator.LE, 2);
      case ">=": return operator(Operator.GE, 2);
      default: break;
    }
    switch (input.charAt(pos)) {
      case '=': return operator(Operator.EQ, 1);
      case '<': return operator(Operator.LT, 1);
      case '>': return operator(Operator.GT, 1);
      case '!': throw error(start, "unexpected '!'; use 'not' to negate a condition or '!=' to compare");
      default: throw error(start, "unexpected " + QuerySyntaxException.describe(input.charAt(pos))
          + "; use 'and' and 'or' to combine conditions");
    }
  }

  private Token operator(Operator op, int length) {
    int start = pos;
    pos += length;
    return new Token(Kind.OPERATOR, start, pos, op.symbol(), op);
  }

  QuerySyntaxException error(int position, String problem) {
    return QuerySyntaxException.at(WHAT, input, position, problem);
  }
}
