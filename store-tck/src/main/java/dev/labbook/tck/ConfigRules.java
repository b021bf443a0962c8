package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.DuplicateNameException;
import dev.labbook.tck.Samples.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configs: named, immutable documents keyed by kind and name (DaCapo's ConfigStore). */
abstract class ConfigRules extends Rules {
  ConfigRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void aStoredConfigReadsBackEqual() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64, 32));

    assertThat(configs().put(adam)).isTrue();

    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(adam);
  }

  @Test
  void storingADuplicateConfigNameFailsAndKeepsTheOriginal() {
    Optimizer original = new Optimizer("adam", 0.001, List.of(64));
    configs().put(original);

    assertThatThrownBy(() -> configs().put(new Optimizer("adam", 0.1, List.of(8))))
        .isInstanceOf(DuplicateNameException.class)
        .hasMessageContaining("adam");

    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(original);
  }
}
