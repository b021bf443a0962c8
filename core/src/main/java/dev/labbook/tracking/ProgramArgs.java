package dev.labbook.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a program's command-line arguments into the map a run keeps as its {@code args}.
 *
 * <p>{@code --name=value} and {@code --name value} give {@code name: "value"}; a {@code --flag}
 * followed by another option or by nothing gives {@code flag: true}; single-dash options
 * ({@code -n 3}) work the same way. A repeated option keeps its last value. Arguments that are
 * not options, and everything after {@code --}, are kept in order under {@code "_"}. Values
 * stay strings: the parser cannot know which ones the program reads as numbers.
 */
public final class ProgramArgs {
  /** The key positional arguments are kept under. */
  public static final String POSITIONAL = "_";

  private ProgramArgs() {}

  /** The map for these arguments, in their order. */
  public static Map<String, Object> parse(String... argv) {
    Map<String, Object> parsed = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (arg.equals("--")) {
        positional.addAll(List.of(argv).subList(i + 1, argv.length));
        break;
      }
      String name = optionName(arg);
      if (name == null) {
        positional.add(arg);
        continue;
      }
      int equals = name.indexOf('=');
      if (equals > 0) {
        parsed.put(name.substring(0, equals), name.substring(equals + 1));
      } else if (i + 1 < argv.length && optionName(argv[i + 1]) == null && !argv[i + 1].equals("--")) {
        parsed.put(name, argv[++i]);
      } else {
        parsed.put(name, true);
      }
    }
    if (!positional.isEmpty()) {
      parsed.put(POSITIONAL, positional);
    }
    return parsed;
  }

  /** The name of an option without its dashes, or null for a value ({@code -1} is a value). */
  private static String optionName(String arg) {
    if (arg.startsWith("--") && arg.length() > 2) {
      return arg.substring(2);
    }
    if (arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1))
        && arg.charAt(1) != '.' && arg.charAt(1) != '-') {
      return arg.substring(1);
    }
    return null;
  }
}
