package dev.labbook.query;

/** One sort key: a field path and a direction. */
public record Sort(String field, Direction direction) {
  public static Sort asc(String field) {
    return new Sort(field, Direction.ASC);
  }

  public static Sort desc(String field) {
    return new Sort(field, Direction.DESC);
  }
}
