package dev.labbook.bench;

/**
 * Counts what a store sends to its server while one operation runs, without changing the
 * store. {@link #kinds()} names the counts, e.g. round trips and statements.
 */
interface WireCounter extends AutoCloseable {
  /** The names of the counts {@link #stop()} returns, in order. */
  String[] kinds();

  void start() throws Exception;

  long[] stop() throws Exception;

  @Override
  default void close() throws Exception {}
}
