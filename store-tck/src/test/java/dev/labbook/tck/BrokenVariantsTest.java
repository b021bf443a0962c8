package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.labbook.store.mem.VariantStoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The TCK fails on every deliberately broken store, in the group of rules meant to catch it. */
class BrokenVariantsTest {

  static Stream<Arguments> brokenVariants() {
    return VariantStoreProvider.brokenVariants().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} is caught by a {1} rule")
  @MethodSource("brokenVariants")
  void theTckFailsOnABrokenStore(String variant, String group, @TempDir Path reports) {
    List<String> failed = runTck(variant, reports);

    assertThat(failed).as("rules failing on variant %s", variant)
        .anySatisfy(rule -> assertThat(rule).startsWith(group + " › "));
  }

  @Test
  void thereAreAtLeastTenBrokenVariants() {
    assertThat(VariantStoreProvider.brokenVariants()).hasSizeGreaterThanOrEqualTo(10);
  }

  /** Runs the whole TCK over a variant and returns the failed rules as "group › rule". */
  private static List<String> runTck(String variant, Path reports) {
    List<String> failed = new ArrayList<>();
    BrokenVariantTck.selected = variant;
    String previous = System.setProperty("labbook.tck.report.dir", reports.toString());
    try {
      LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(BrokenVariantTck.class)).build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
              if (test.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
                failed.add(groupOf(test) + " › " + test.getDisplayName());
              }
            }
          });
    } finally {
      if (previous == null) {
        System.clearProperty("labbook.tck.report.dir");
      } else {
        System.setProperty("labbook.tck.report.dir", previous);
      }
    }
    return failed;
  }

  /** The group display name from a test's unique id ({@code …/[nested-class:Metrics]/…}). */
  private static String groupOf(TestIdentifier test) {
    String id = test.getUniqueId();
    int start = id.indexOf("[nested-class:");
    if (start < 0) {
      return "";
    }
    String simple = id.substring(start + "[nested-class:".length(), id.indexOf(']', start));
    for (Class<? extends Rules> group : RuleCatalog.GROUPS) {
      if (group.getSimpleName().equals(simple)) {
        return RuleCatalog.groupName(group);
      }
    }
    return simple;
  }
}
