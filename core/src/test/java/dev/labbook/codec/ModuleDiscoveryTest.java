package dev.labbook.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.codec.DiscoveredTestModule.DiscoveredPoint;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.labbook.testing.LogCapture;

/** CodecModules on the class path are found; broken ones are skipped with a warning. */
class ModuleDiscoveryTest {
  @RegisterExtension final LogCapture logs = new LogCapture(CodecRegistry.class.getName());

  @Test
  void modulesOnTheClassPathRegisterTheirTypes() {
    CodecRegistry registry = CodecRegistry.withDiscoveredModules();
    assertThat(registry.nameOf(DiscoveredPoint.class)).contains("discovered-point");
    assertThat(registry.decode(registry.encode(new DiscoveredPoint(1, 2))))
        .isEqualTo(new DiscoveredPoint(1, 2));
  }

  @Test
  void createFindsNoModules() {
    assertThat(CodecRegistry.create().names()).containsExactly("bytes", "double", "instant");
  }

  @Test
  void brokenModulesAreSkippedWithAWarningNamingThem() {
    CodecRegistry registry = CodecRegistry.withDiscoveredModules();
    assertThat(registry.names()).contains("discovered-point");
    List<String> warnings = logs.records().stream()
        .filter(r -> r.getLevel() == Level.WARNING)
        .map(LogRecord::getMessage)
        .collect(Collectors.toList());
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("NoSuchTestModule"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("ThrowingTestModule"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("FailingTestModule")
        .contains("reserved"));
  }
}
