package dev.labbook.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Collects every rule's outcome and, when the backend's test class has run, prints a summary
 * per group and writes it as Markdown to {@code target/labbook-tck/<test class>.md} (or the
 * folder the system property {@code labbook.tck.report.dir} names).
 */
final class TckReport implements TestWatcher, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TckReport.class);
  private static final String OTHER = "the backend's own tests";

  enum Outcome { PASSED, FAILED, SKIPPED }

  record Result(String group, String rule, Outcome outcome, String detail) {}

  /** What one test class's run collected; JUnit may run rules in parallel. */
  static final class Collected {
    final List<Result> results = new ArrayList<>();
    String store;
    String classFailure;
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    record(context, Outcome.PASSED, "");
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    record(context, Outcome.FAILED, summary(cause));
  }

  /** The exception's type and the first line of its message that says something. */
  static String summary(Throwable cause) {
    String message = cause.getMessage() == null ? "" : cause.getMessage().lines()
        .map(String::strip).filter(line -> line.length() > 2).findFirst().orElse("");
    return cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    String message = String.valueOf(cause.getMessage()).replaceFirst("^Assumption failed: ", "");
    record(context, Outcome.SKIPPED, CapabilityCheck.reason(message));
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    record(context, Outcome.SKIPPED, reason.orElse("disabled"));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      return; // a nested group; the backend's class reports once, at its end
    }
    Collected collected = collected(context);
    context.getExecutionException().ifPresent(e -> {
      synchronized (collected) {
        collected.classFailure = summary(e);
      }
    });
    String report = render(context.getRequiredTestClass().getName(), collected);
    System.out.println(report);
    Path folder = Path.of(System.getProperty("labbook.tck.report.dir", "target/labbook-tck"));
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(context.getRequiredTestClass().getName() + ".md"), report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TCK report to " + folder, e);
    }
  }

  private static void record(ExtensionContext context, Outcome outcome, String detail) {
    Class<?> testClass = context.getRequiredTestClass();
    String group = Rules.class.isAssignableFrom(testClass) ? RuleCatalog.groupName(testClass) : OTHER;
    String name = context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName());
    Collected collected = collected(context);
    synchronized (collected) {
      collected.results.add(new Result(group, name, outcome, detail));
      if (collected.store == null) {
        context.getTestInstance().filter(Rules.class::isInstance)
            .map(instance -> ((Rules) instance).description())
            .ifPresent(description -> collected.store = description);
      }
    }
  }

  private static Collected collected(ExtensionContext context) {
    ExtensionContext top = context;
    while (top.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      top = top.getParent().orElseThrow();
    }
    return top.getStore(NAMESPACE).getOrComputeIfAbsent(Collected.class, k -> new Collected(), Collected.class);
  }

  static String render(String testClass, Collected collected) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Integer> known = new LinkedHashMap<>();
    for (RuleCatalog.Rule rule : RuleCatalog.rules()) {
      known.merge(rule.group(), 1, Integer::sum);
      counts.putIfAbsent(rule.group(), new int[3]);
    }
    List<Result> results;
    String classFailure;
    synchronized (collected) {
      results = collected.results.stream()
          .sorted(Comparator.comparing(Result::group).thenComparing(Result::rule)).toList();
      classFailure = collected.classFailure;
    }
    int[] own = new int[3];
    for (Result result : results) {
      int[] c = result.group().equals(OTHER) ? own : counts.computeIfAbsent(result.group(), g -> new int[3]);
      c[result.outcome().ordinal()]++;
    }
    StringBuilder out = new StringBuilder();
    out.append("# Labbook TCK ").append(version()).append(": ").append(testClass).append("\n\n");
    out.append("Store: ").append(collected.store == null ? "(never opened)" : collected.store).append("\n\n");
    out.append("| group | rules | passed | failed | skipped |\n| --- | ---: | ---: | ---: | ---: |\n");
    int[] total = new int[3];
    int totalKnown = 0;
    for (Map.Entry<String, int[]> group : counts.entrySet()) {
      int[] c = group.getValue();
      int rules = known.getOrDefault(group.getKey(), 0);
      totalKnown += rules;
      row(out, group.getKey(), String.valueOf(rules), c);
      for (int i = 0; i < 3; i++) {
        total[i] += c[i];
      }
    }
    row(out, "**total**", String.valueOf(totalKnown), total);
    if (own[0] + own[1] + own[2] > 0) {
      row(out, OTHER, "", own);
    }
    appendList(out, "Failed", results, Outcome.FAILED);
    appendList(out, "Skipped", results, Outcome.SKIPPED);
    out.append('\n');
    int ran = total[0] + total[1] + total[2];
    if (classFailure != null) {
      out.append("Result: the test class FAILED outside its rules: ").append(classFailure).append("\n");
    } else if (total[1] > 0) {
      out.append("Result: ").append(total[1]).append(" rule(s) FAIL.\n");
    } else if (ran < totalKnown) {
      out.append("Result: no rule failed, but only ").append(ran).append(" of ").append(totalKnown)
          .append(" rules ran.\n");
    } else {
      out.append("Result: every rule passes");
      if (total[2] > 0) {
        out.append(" (").append(total[2]).append(" skipped, as listed)");
      }
      out.append(".\n");
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String group, String rules, int[] c) {
    out.append("| ").append(group).append(" | ").append(rules).append(" | ").append(c[0])
        .append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
  }

  private static void appendList(StringBuilder out, String title, List<Result> results, Outcome outcome) {
    List<Result> listed = results.stream().filter(r -> r.outcome() == outcome).toList();
    if (listed.isEmpty()) {
      return;
    }
    out.append("\n").append(title).append(":\n");
    for (Result result : listed) {
      out.append("- ").append(result.group()).append(" › ").append(result.rule()).append(": ")
          .append(result.detail()).append('\n');
    }
  }

  /** The TCK's version, from the build. */
  static String version() {
    try (InputStream in = TckReport.class.getResourceAsStream("tck.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "(unknown version)");
    } catch (IOException e) {
      return "(unknown version)";
    }
  }
}
