package dev.labbook.tck;

import dev.labbook.spi.Capability;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every rule of the TCK, by group, read from the rule classes themselves. */
final class RuleCatalog {
  /** The groups in the order the README and the report list them. */
  static final List<Class<? extends Rules>> GROUPS = List.of(StoreTck.Configs.class,
      StoreTck.Experiments.class, StoreTck.Runs.class, StoreTck.Metrics.class,
      StoreTck.Artifacts.class, StoreTck.Queries.class, StoreTck.Codecs.class,
      StoreTck.Concurrency.class, StoreTck.BadInput.class, StoreTck.Lifecycle.class,
      StoreTck.StatesAndLinks.class, StoreTck.ArchivesGroup.class, StoreTck.Tracking.class,
      StoreTck.Summaries.class, StoreTck.UnitsOfWork.class);

  /** A rule: its group, its method name, and the capabilities it needs or needs absent. */
  record Rule(String group, String name, List<Capability> requires, Optional<Capability> requiresAbsent,
      boolean checkedByCore) {
    /** The method name as a sentence: {@code storingADuplicate…} → "Storing a duplicate …". */
    String sentence() {
      return RuleCatalog.sentence(name);
    }
  }

  private RuleCatalog() {}

  static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Class<? extends Rules> group : GROUPS) {
      rules.addAll(rulesOf(group));
    }
    return rules;
  }

  static List<Rule> rulesOf(Class<?> nested) {
    List<Rule> rules = new ArrayList<>();
    for (Class<?> c = nested; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Test.class)) {
          Requires requires = method.getAnnotation(Requires.class);
          RequiresAbsent absent = method.getAnnotation(RequiresAbsent.class);
          rules.add(new Rule(groupName(nested), method.getName(),
              requires == null ? List.of() : Arrays.asList(requires.value()),
              Optional.ofNullable(absent).map(RequiresAbsent::value),
              method.isAnnotationPresent(CheckedByCore.class)));
        }
      }
    }
    rules.sort(Comparator.comparing(Rule::name));
    return rules;
  }

  /**
   * The rule list of {@code store-tck/README.md}: a section per group, a line per rule with
   * the capability it needs (or needs absent).
   */
  static String markdown() {
    List<Rule> all = rules();
    StringBuilder out = new StringBuilder();
    out.append(all.size()).append(" rules in ").append(GROUPS.size()).append(" groups; ")
        .append(all.stream().filter(Rule::checkedByCore).count())
        .append(" of them are checked by core before the backend is called (marked).\n");
    for (Class<? extends Rules> group : GROUPS) {
      List<Rule> rules = rulesOf(group);
      out.append("\n### ").append(groupName(group)).append(" (").append(rules.size()).append(")\n\n");
      for (Rule rule : rules) {
        out.append("- ").append(rule.sentence()).append(" (`").append(rule.name()).append("`)");
        if (!rule.requires().isEmpty()) {
          out.append(" — needs ").append(String.join(", ", rule.requires().stream().map(Enum::name).toList()));
        }
        rule.requiresAbsent().ifPresent(c -> out.append(" — only where ").append(c).append(" is not declared"));
        if (rule.checkedByCore()) {
          out.append(" — checked by core");
        }
        out.append('\n');
      }
    }
    return out.toString().stripTrailing();
  }

  /** A nested group class's display name ({@code bad input}). */
  static String groupName(Class<?> nested) {
    DisplayName name = nested.getAnnotation(DisplayName.class);
    return name != null ? name.value() : nested.getSimpleName();
  }

  /** Splits camel case into lower-case words; rule names spell acronyms as words. */
  static String sentence(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      boolean wordStart = i > 0 && (Character.isUpperCase(c)
          || Character.isDigit(c) && !Character.isDigit(camel.charAt(i - 1)));
      if (wordStart) {
        out.append(' ');
      }
      out.append(Character.toLowerCase(c));
    }
    return Character.toUpperCase(out.charAt(0)) + out.substring(1);
  }
}
