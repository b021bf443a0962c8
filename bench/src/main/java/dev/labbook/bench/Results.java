package dev.labbook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one run of the harness, with what it ran on, written as JSON (every figure
 * and note) and as a Markdown table (a row per measure, a column per backend, the target).
 */
final class Results {
  private final Map<String, String> about = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();

  /** Records a fact about the run (date, machine, servers, sizes). */
  void about(String name, String value) {
    about.put(name, value);
  }

  void add(String workload, String measure, Backend backend, double value, String unit, String note) {
    Figure figure = new Figure(workload, measure, backend.key(), value, unit, note);
    figures.add(figure);
    System.out.printf(Locale.ROOT, "  %-4s %-10s %-55s %,14.3f %s%s%n", workload, backend.key(),
        measure, value, unit, note.isEmpty() ? "" : "  (" + note + ")");
  }

  List<Figure> figures() {
    return figures;
  }

  Optional<Figure> find(String workload, String measure, Backend backend) {
    return figures.stream().filter(f -> f.workload().equals(workload) && f.measure().equals(measure)
        && f.backend().equals(backend.key())).findFirst();
  }

  String json() throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ObjectNode run = root.putObject("about");
    about.forEach(run::put);
    ArrayNode list = root.putArray("figures");
    for (Figure f : figures) {
      ObjectNode o = list.addObject();
      o.put("workload", f.workload());
      o.put("measure", f.measure());
      o.put("backend", f.backend());
      o.put("value", f.value());
      o.put("unit", f.unit());
      o.put("note", f.note());
      target(f).ifPresent(t -> {
        o.put("target", t.text());
        o.put("met", t.met().test(f.value()));
      });
    }
    return mapper.writeValueAsString(root);
  }

  /** A row per (workload, measure) in the order first measured; ✓/✗ where a target applies. */
  String markdown() {
    StringBuilder md = new StringBuilder();
    about.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
    md.append('\n');
    md.append("| workload | measure |");
    for (Backend b : Backend.values()) {
      md.append(' ').append(b.key()).append(" |");
    }
    md.append(" target |\n|---|---|");
    for (int i = 0; i < Backend.values().length; i++) {
      md.append("--:|");
    }
    md.append("---|\n");
    Map<String, List<Figure>> rows = new LinkedHashMap<>();
    for (Figure f : figures) {
      rows.computeIfAbsent(f.workload() + "\u0000" + f.measure(), k -> new ArrayList<>()).add(f);
    }
    for (List<Figure> row : rows.values()) {
      Figure first = row.get(0);
      md.append("| ").append(first.workload()).append(" | ").append(first.measure()).append(" |");
      String targetText = "";
      for (Backend b : Backend.values()) {
        Optional<Figure> cell = row.stream().filter(f -> f.backend().equals(b.key())).findFirst();
        md.append(' ');
        if (cell.isPresent()) {
          md.append(format(cell.get().value()));
          Optional<Target> t = target(cell.get());
          if (t.isPresent()) {
            md.append(t.get().met().test(cell.get().value()) ? " ✓" : " ✗");
            targetText = targetText.isEmpty() ? t.get().text()
                : targetText.contains(t.get().text()) ? targetText : targetText + "; " + t.get().text();
          }
        } else {
          md.append('—');
        }
        md.append(" |");
      }
      md.append(' ').append(targetText).append(" |\n");
    }
    md.append("\nNotes:\n\n");
    figures.stream().filter(f -> !f.note().isEmpty())
        .map(f -> "- " + f.workload() + " " + f.backend() + ", " + f.measure() + ": " + f.note())
        .distinct().forEach(line -> md.append(line).append('\n'));
    return md.toString();
  }

  /** Writes {@code <date>.json} and {@code <date>.md} into the folder; returns the Markdown file. */
  Path write(Path folder, String name) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(name + ".json"), json());
    Path md = folder.resolve(name + ".md");
    Files.writeString(md, markdown());
    return md;
  }

  private static Optional<Target> target(Figure f) {
    return Target.all().stream().filter(t -> t.appliesTo(f)).findFirst();
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
