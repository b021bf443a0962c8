package dev.labbook.tck;

import dev.labbook.codec.CodecRegistry;
import java.util.List;
import java.util.Map;

/** The config types rules store, registered in every rule's codec registry. */
final class Samples {
  private Samples() {}

  /** An optimizer config: kind {@code optimizer}. */
  record Optimizer(String name, double learningRate, List<Integer> layers) {}

  /** A config holding another by reference: kind {@code pipeline}. */
  record Pipeline(String name, Optimizer optimizer, Map<String, Object> options) {}

  /** A config with a free-form body: kind {@code notes}. */
  record Notes(String name, Map<String, Object> body) {}

  static CodecRegistry codecs() {
    return CodecRegistry.create()
        .register("optimizer", Optimizer.class)
        .register("pipeline", Pipeline.class)
        .register("notes", Notes.class);
  }
}
