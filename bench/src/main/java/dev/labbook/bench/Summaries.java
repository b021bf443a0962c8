package dev.labbook.bench;

/**
 * W3: the summaries call over 100 experiments of 10 runs each, the median of its calls. Written
 * against {@code experiments().summaries()} once it has landed on main.
 */
final class Summaries {
  private final Servers servers;
  private final Sizes sizes;
  private final Results results;

  Summaries(Servers servers, Sizes sizes, Results results) {
    this.servers = servers;
    this.sizes = sizes;
    this.results = results;
  }

  void run(Backend backend) {
    // until experiments().summaries() lands on main
  }
}
