package dev.labbook.query;

/** Parses the string form of filters. */
final class QueryParser {
  private QueryParser() {}

  static Filter parse(String text) {
    throw new UnsupportedOperationException("stub");
  }
}
