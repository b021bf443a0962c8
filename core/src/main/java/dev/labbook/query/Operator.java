package dev.labbook.query;

/** A comparison operator of the filter model, with its symbol in the string form. */
public enum Operator {
  EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in the string form, such as {@code <=}. */
  public String symbol() {
    return symbol;
  }
}
