package dev.labbook.query;

/** Sort direction. */
public enum Direction {
  ASC, DESC
}
