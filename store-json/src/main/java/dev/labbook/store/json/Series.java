package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.MetricPoint;
import dev.labbook.store.json.SeriesFile.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run's metric series: {@code metrics/<key>.jsonl} per key. The first line is a header,
 * {@code {"key":"loss","format":"labbook-series","version":1}}; each further line is what one
 * {@code log} call appended to the key: a point ({@link Records#point}) or, for several points,
 * a JSON array of them. Lines are in append order.
 *
 * <p><b>Appending</b> (under the store lock) first cuts off anything after the file's last line
 * break (a write a crash cut short), then writes the key's line in one write and forces it.
 * A reader only takes lines that end with a line break, so each key's share of a batch appears
 * whole or not at all. A batch over several keys is made all-or-nothing across files by a
 * journal, {@code metrics-batch.json}, holding each touched series' length before the batch:
 * it is written before the appends and deleted after them; while it exists readers read no
 * further than those lengths, and the next append to the run cuts the series back to them.
 *
 * <p><b>Reading</b> takes no lock. {@code latest-metrics.json} caches, per key, a length, whether
 * the steps up to it never decrease, and the latest point; a reader reads on from the cached
 * length, so no read parses more than a few kilobytes to learn a series' latest point. The
 * writer refreshes the cache (unforced: it can always be rebuilt) when a series has grown
 * {@value SeriesWriter#CACHE_LAG} bytes past it. A series whose steps never decrease is
 * streamed from its file; one logged out of step order is read whole and sorted (stably), the
 * only place a series is held in memory.
 */
final class Series {
  private static final Comparator<MetricPoint> BY_STEP = Comparator.comparingLong(MetricPoint::step);

  private final SeriesWriter writer;

  Series(Disk disk) {
    this.writer = new SeriesWriter(disk);
  }

  /** Appends a batch of points to the run's series; the caller holds the store lock. */
  void append(Path run, List<MetricPoint> points) throws IOException {
    writer.append(run, points);
  }

  // ---- reading: no lock --------------------------------------------------------------------

  /** The points of one key in step order, equal steps in append order; close the stream. */
  Stream<MetricPoint> read(Path run, String key) throws IOException {
    Path file = Layout.series(run, key);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Stream.empty();
    }
    long end = Math.min(size, unfinished(run).getOrDefault(key, Long.MAX_VALUE));
    boolean ordered = SeriesFile.summary(file, key, end, cache(run).get(key)).ordered();
    Stream<MetricPoint> points = SeriesFile.stream(file, key, 0, end);
    if (ordered) {
      return points;
    }
    List<MetricPoint> all;
    try (points) {
      all = new ArrayList<>(points.toList());
    }
    all.sort(BY_STEP); // stable: equal steps keep their append order
    return all.stream();
  }

  /** The latest point of each key, by key. */
  Map<String, MetricPoint> latest(Path run) throws IOException {
    Path folder = Layout.metrics(run);
    // Sizes first, then the journal, as read() does: a batch that starts after the sizes were
    // taken is not seen at all, and one under way is cut back to its lengths before.
    Map<String, Path> files = new TreeMap<>();
    Map<String, Long> sizes = new HashMap<>();
    for (String name : Reads.names(folder)) {
      Path file = folder.resolve(name);
      Optional<String> key = Layout.seriesKey(name);
      if (key.isEmpty() && FileNames.isHashed(name) && name.endsWith(Layout.SERIES)) {
        key = SeriesFile.headerKey(file);
      }
      if (key.isEmpty()) {
        continue;
      }
      try {
        sizes.put(key.get(), Files.size(file));
        files.put(key.get(), file);
      } catch (NoSuchFileException e) {
        // the run is being deleted
      }
    }
    Map<String, Long> caps = unfinished(run);
    Map<String, Summary> cache = cache(run);
    Map<String, MetricPoint> latest = new TreeMap<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      String key = e.getKey();
      long end = Math.min(sizes.get(key), caps.getOrDefault(key, Long.MAX_VALUE));
      Summary s = SeriesFile.summary(e.getValue(), key, end, cache.get(key));
      if (s.latest() != null) {
        latest.put(key, s.latest());
      }
    }
    return latest;
  }

  /** The lengths before the unfinished batch, by key; empty when no batch is under way. */
  static Map<String, Long> unfinished(Path run) {
    Map<String, Long> lengths = new HashMap<>();
    tolerant(Layout.metricBatch(run)).map(batch -> batch.path("lengthsBefore"))
        .ifPresent(node -> node.properties().forEach(e -> {
          if (e.getValue().canConvertToLong()) {
            lengths.put(e.getKey(), e.getValue().longValue());
          }
        }));
    return lengths;
  }

  static Map<String, Summary> cache(Path run) {
    Map<String, Summary> cache = new TreeMap<>();
    tolerant(Layout.latestMetrics(run)).map(root -> root.path("series"))
        .ifPresent(series -> series.properties().forEach(e -> {
          try {
            JsonNode entry = e.getValue();
            cache.put(e.getKey(), new Summary(Records.number(entry, "length"),
                entry.path("ordered").asBoolean(false),
                Records.point(e.getKey(), entry.path("latest"))));
          } catch (IllegalArgumentException | NullPointerException ignored) {
            // a garbled entry: that series is read from its file
          }
        }));
    return cache;
  }

  /** A file's JSON, or empty if it is missing or garbled: for files the store can do without. */
  private static Optional<JsonNode> tolerant(Path file) {
    try {
      return Optional.of(JsonText.parse(Files.readAllBytes(file)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
