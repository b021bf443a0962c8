package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.spi.StoreSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents come back from the files exactly as core's in-memory store gives them back: every
 * number type and scale, values JSON lacks, any string, deep nesting, times far from now.
 */
class DocumentsRoundTripTest {
  @TempDir Path folder;

  private static Map<String, Object> awkwardValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("scaled", new BigDecimal("1.50"));
    values.put("precise", new BigDecimal("3.14159265358979323846264338327950288419716939937510"));
    values.put("huge decimal", new BigDecimal("1E+400"));
    values.put("tiny decimal", new BigDecimal("-1E-400"));
    values.put("huge integer", new BigInteger("123456789012345678901234567890123456789"));
    values.put("long", Long.MIN_VALUE);
    values.put("double", 0.1);
    values.put("big double", 1e300);
    values.put("float", 0.1f);
    values.put("whole double", 2.0);
    values.put("nan", Double.NaN);
    values.put("minus zero", -0.0);
    values.put("infinity", Double.NEGATIVE_INFINITY);
    values.put("instant", Instant.parse("+12000-01-01T00:00:00.123456789Z"));
    values.put("bytes", new byte[] {0, -1, 42});
    values.put("unpaired surrogate", "a\ud800b");
    values.put("control characters", "\u0000\t\n\u001f\"\\");
    values.put("unicode", "e\u0301 \u00e9 \ud83d\ude00 \u65e5\u672c");
    values.put("@type", "a user key that looks like a tag");
    values.put("null", null);
    values.put("big string", "x".repeat(10 * 1024 * 1024));
    return values;
  }

  private static Labbook open(String uri) {
    return Labbook.builder().settings(StoreSettings.of(uri, Map.of("fsync", "false")))
        .clock(Clock.fixed(Instant.parse("1900-06-30T23:59:59.999Z"), ZoneOffset.UTC)).open();
  }

  @Test
  void awkwardValuesComeBackAsTheReferenceStoreGivesThem() {
    Map<String, Object> values = awkwardValues();
    String uri = "json:" + folder.resolve("store");
    Object expectedMetadata;
    Object expectedParams;
    try (Labbook mem = open("mem:")) {
      String e = mem.experiments().create(ExperimentSpec.named("e").metadata(values)).id();
      Run run = mem.experiments().createRun(e, RunSpec.create().params(values));
      expectedMetadata = describe(mem.experiments().get(e).metadata());
      expectedParams = describe(mem.experiments().getRun(run.id()).params());
    }
    String runId;
    try (Labbook json = open(uri)) {
      String e = json.experiments().create(ExperimentSpec.named("e").metadata(values)).id();
      runId = json.experiments().createRun(e, RunSpec.create().params(values)).id();
    }
    try (Labbook json = open(uri)) {
      assertThat(describe(json.experiments().getByName("e").metadata())).isEqualTo(expectedMetadata);
      Run run = json.experiments().getRun(runId);
      assertThat(describe(run.params())).isEqualTo(expectedParams);
      assertThat(run.created()).isEqualTo(Instant.parse("1900-06-30T23:59:59.999Z"));
    }
  }

  @Test
  void nestingAsDeepAsCoreAllowsIsWrittenAndReadWithoutRecursion() {
    // (The in-memory store copies documents recursively and cannot hold this; core's codec and
    // this store can.)
    Object deep = "bottom";
    for (int i = 0; i < 9_990; i++) {
      deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
    }
    String uri = "json:" + folder.resolve("store");
    try (Labbook json = open(uri)) {
      json.experiments().create(ExperimentSpec.named("deep").metadata("deep", deep));
    }
    try (Labbook json = open(uri)) {
      Object back = json.experiments().getByName("deep").metadata().get("deep");
      int depth = 0;
      while (!(back instanceof String)) {
        back = back instanceof List<?> list ? list.get(0) : ((Map<?, ?>) back).get("k");
        depth++;
      }
      assertThat(depth).isEqualTo(9_990);
      assertThat(back).isEqualTo("bottom");
    }
  }

  /**
   * A comparable description of a decoded value: type and value of every leaf (BigDecimal
   * scale included, arrays by content), without recursion.
   */
  private static String describe(Object value) {
    StringBuilder out = new StringBuilder();
    java.util.Deque<Object> pending = new java.util.ArrayDeque<>();
    pending.push(orNull(value));
    while (!pending.isEmpty()) {
      Object v = pending.pop();
      if (v instanceof Map<?, ?> map) {
        out.append("{");
        pending.push("}");
        List<Map.Entry<?, ?>> entries = List.copyOf(map.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
          pending.push(orNull(entries.get(i).getValue()));
          pending.push(new Key(String.valueOf(entries.get(i).getKey())));
        }
      } else if (v instanceof List<?> list) {
        out.append("[");
        pending.push("]");
        for (int i = list.size() - 1; i >= 0; i--) {
          pending.push(orNull(list.get(i)));
        }
      } else if (v instanceof Key key) {
        out.append(key.name()).append('=');
      } else if (v instanceof String s && (s.equals("}") || s.equals("]"))) {
        out.append(s).append(',');
      } else if (v instanceof byte[] bytes) {
        out.append("bytes").append(java.util.Arrays.toString(bytes)).append(',');
      } else if (v instanceof BigDecimal d) {
        out.append("BigDecimal ").append(d.unscaledValue()).append(" scale ").append(d.scale()).append(',');
      } else if (v instanceof Double d) {
        out.append("Double ").append(Long.toHexString(Double.doubleToRawLongBits(d))).append(',');
      } else {
        out.append(v == NULL ? "null" : v.getClass().getSimpleName() + " " + v).append(',');
      }
    }
    return out.toString();
  }

  private record Key(String name) {}

  private static final Object NULL = new Object();

  private static Object orNull(Object value) {
    return value == null ? NULL : value;
  }
}
