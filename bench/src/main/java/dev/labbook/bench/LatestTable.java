package dev.labbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a full run's table into the README, between the {@code <!-- results -->} and
 * {@code <!-- /results -->} markers, so that the README always shows the latest full run.
 */
final class LatestTable {
  static final String START = "<!-- results -->";
  static final String END = "<!-- /results -->";

  private LatestTable() {}

  static void update(Path readme, String table, String link) throws IOException {
    String text = Files.readString(readme);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    if (start < 0 || end < start) {
      return; // no markers: leave the README alone
    }
    String block = START + "\n\nFrom [`" + link + "`](" + link + "):\n\n" + table.strip() + "\n\n";
    Files.writeString(readme, text.substring(0, start) + block + text.substring(end));
  }
}
