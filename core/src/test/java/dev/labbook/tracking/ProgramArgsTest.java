package dev.labbook.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgramArgsTest {
  @Test
  void optionsValuesFlagsAndPositionalsBecomeOneMap() {
    assertThat(ProgramArgs.parse("--lr=0.01", "--epochs", "10", "-n", "3", "--verbose", "-q",
        "train.csv", "--offset", "-1", "--", "--not-an-option"))
        .containsExactly(Map.entry("lr", "0.01"), Map.entry("epochs", "10"), Map.entry("n", "3"),
            Map.entry("verbose", true), Map.entry("q", "train.csv"), Map.entry("offset", "-1"),
            Map.entry("_", List.of("--not-an-option")));
  }

  @Test
  void aTrailingFlagIsTrueAndARepeatedOptionKeepsItsLastValue() {
    assertThat(ProgramArgs.parse("in.csv", "--seed", "1", "--seed", "2", "--dry-run"))
        .containsExactly(Map.entry("seed", "2"), Map.entry("dry-run", true),
            Map.entry("_", List.of("in.csv")))
        .doesNotContainKey("in.csv");
    assertThat(ProgramArgs.parse()).isEmpty();
  }
}
