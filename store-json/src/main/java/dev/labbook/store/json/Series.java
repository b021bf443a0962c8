package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.MetricPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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
 * {@value #CACHE_LAG} bytes past it. A series whose steps never decrease is streamed from its
 * file; one logged out of step order is read whole and sorted (stably), the only place a series
 * is held in memory.
 */
final class Series {
  /** How far a series may grow past its cached summary before the writer refreshes it. */
  static final int CACHE_LAG = 16 * 1024;
  private static final String FORMAT = "labbook-series";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Comparator<MetricPoint> BY_STEP = Comparator.comparingLong(MetricPoint::step);

  private final Disk disk;

  Series(Disk disk) {
    this.disk = disk;
  }

  /** A series up to {@code length} bytes: whether it is in step order, and its latest point. */
  private record Summary(long length, boolean ordered, MetricPoint latest) {
    static final Summary EMPTY = new Summary(0, true, null);

    /** After one more point: the latest is the highest step, the last appended among equals. */
    Summary plus(MetricPoint p) {
      if (latest == null || p.step() >= latest.step()) {
        return new Summary(length, ordered, p);
      }
      return new Summary(length, false, latest);
    }

    Summary at(long newLength) {
      return new Summary(newLength, ordered, latest);
    }
  }

  // ---- writing: the caller holds the store lock ------------------------------------------

  void append(Path run, List<MetricPoint> points) throws IOException {
    rollBack(run);
    Map<String, List<MetricPoint>> byKey = new LinkedHashMap<>();
    for (MetricPoint p : points) {
      byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
    }
    disk.createFolders(Layout.metrics(run));
    Map<String, Long> before = new LinkedHashMap<>();
    for (String key : byKey.keySet()) {
      before.put(key, repairTail(Layout.series(run, key)));
    }
    Path journal = Layout.metricBatch(run);
    boolean journaled = byKey.size() > 1;
    if (journaled) {
      ObjectNode batch = JSON.objectNode();
      ObjectNode lengths = batch.putObject("lengthsBefore");
      before.forEach(lengths::put);
      disk.replace(journal, JsonText.pretty(batch));
    }
    Map<String, Long> after = new HashMap<>();
    for (Map.Entry<String, List<MetricPoint>> e : byKey.entrySet()) {
      long start = before.get(e.getKey());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (start == 0) {
        bytes.writeBytes(JsonText.line(header(e.getKey())));
      }
      bytes.writeBytes(JsonText.line(line(e.getValue())));
      disk.append(Layout.series(run, e.getKey()), start, bytes.toByteArray());
      after.put(e.getKey(), start + bytes.size());
    }
    if (journaled) {
      disk.delete(journal);
    }
    refreshCache(run, byKey, before, after);
  }

  private static JsonNode line(List<MetricPoint> points) {
    if (points.size() == 1) {
      return Records.point(points.get(0));
    }
    ArrayNode batch = JSON.arrayNode(points.size());
    points.forEach(p -> batch.add(Records.point(p)));
    return batch;
  }

  /** Undoes the appends of a batch whose writer died before finishing it. */
  private void rollBack(Path run) throws IOException {
    Path journal = Layout.metricBatch(run);
    if (!Files.exists(journal)) {
      return;
    }
    for (Map.Entry<String, Long> e : unfinished(run).entrySet()) {
      disk.truncate(Layout.series(run, e.getKey()), e.getValue());
    }
    disk.delete(journal);
  }

  /** Cuts off bytes after the last line break; the length that remains. */
  private long repairTail(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long end = size;
      ByteBuffer chunk = ByteBuffer.allocate(4096);
      int span = 1; // a file nearly always ends with a line break: look at one byte first
      while (end > 0) {
        int n = (int) Math.min(span, end);
        chunk.clear().limit(n);
        while (chunk.hasRemaining() && channel.read(chunk, end - n + chunk.position()) > 0) {
          // until the span is read
        }
        for (int i = n - 1; i >= 0; i--) {
          if (chunk.get(i) == '\n') {
            long keep = end - n + i + 1;
            if (keep < size) {
              disk.truncate(file, keep);
            }
            return keep;
          }
        }
        end -= n;
        span = chunk.capacity();
      }
      if (size > 0) {
        disk.truncate(file, 0);
      }
      return 0;
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** Rewrites the cache when a touched series has grown {@link #CACHE_LAG} past it. */
  private void refreshCache(Path run, Map<String, List<MetricPoint>> byKey,
      Map<String, Long> before, Map<String, Long> after) throws IOException {
    Map<String, Summary> cache = cache(run);
    boolean stale = false;
    for (String key : byKey.keySet()) {
      Summary s = cache.get(key);
      long covered = s == null || s.length() > before.get(key) ? 0 : s.length();
      stale |= after.get(key) - covered > CACHE_LAG;
    }
    if (!stale) {
      return;
    }
    for (Map.Entry<String, List<MetricPoint>> e : byKey.entrySet()) {
      String key = e.getKey();
      Summary s = summary(Layout.series(run, key), key, before.get(key), cache.get(key));
      for (MetricPoint p : e.getValue()) {
        s = s.plus(p);
      }
      cache.put(key, s.at(after.get(key)));
    }
    ObjectNode root = JSON.objectNode();
    root.put("format", "labbook-latest-metrics");
    ObjectNode series = root.putObject("series");
    cache.forEach((key, s) -> {
      if (s.latest() != null) {
        ObjectNode entry = series.putObject(key);
        entry.put("length", s.length());
        entry.put("ordered", s.ordered());
        entry.set("latest", Records.point(s.latest()));
      }
    });
    disk.replaceUnforced(Layout.latestMetrics(run), JsonText.pretty(root));
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
    boolean ordered = summary(file, key, end, cache(run).get(key)).ordered();
    Stream<MetricPoint> points = stream(file, key, 0, end);
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
    Map<String, Long> caps = unfinished(run);
    Map<String, Summary> cache = cache(run);
    Map<String, MetricPoint> latest = new TreeMap<>();
    for (String name : Reads.names(folder)) {
      Path file = folder.resolve(name);
      Optional<String> key = Layout.seriesKey(name);
      if (key.isEmpty() && FileNames.isHashed(name) && name.endsWith(Layout.SERIES)) {
        key = headerKey(file);
      }
      if (key.isEmpty()) {
        continue;
      }
      long size;
      try {
        size = Files.size(file);
      } catch (NoSuchFileException e) {
        continue; // the run is being deleted
      }
      long end = Math.min(size, caps.getOrDefault(key.get(), Long.MAX_VALUE));
      Summary s = summary(file, key.get(), end, cache.get(key.get()));
      if (s.latest() != null) {
        latest.put(key.get(), s.latest());
      }
    }
    return latest;
  }

  /** The summary of a series up to {@code end}, read on from a cached one where it fits. */
  private static Summary summary(Path file, String key, long end, Summary cached)
      throws IOException {
    if (cached == null || cached.length() > end) {
      return summarize(file, key, 0, end, Summary.EMPTY);
    }
    return cached.length() == end ? cached : summarize(file, key, cached.length(), end, cached);
  }

  /** {@code start} followed by the points in {@code [from, end)} (from 0: after the header). */
  private static Summary summarize(Path file, String key, long from, long end, Summary start)
      throws IOException {
    Summary s = start;
    try (Lines lines = new Lines(file, from, end)) {
      byte[] line = lines.next();
      if (from == 0 && line != null) {
        if (!isHeaderOf(file, line, key)) {
          return Summary.EMPTY;
        }
        line = lines.next();
      }
      for (; line != null; line = lines.next()) {
        for (MetricPoint p : points(file, key, line)) {
          s = s.plus(p);
        }
      }
      return s.at(lines.offset());
    } catch (NoSuchFileException e) {
      return start;
    }
  }

  /** The points in {@code [from, end)}, lazily; from 0 the header is checked and skipped. */
  private static Stream<MetricPoint> stream(Path file, String key, long from, long end)
      throws IOException {
    Lines lines;
    try {
      lines = new Lines(file, from, end);
    } catch (NoSuchFileException e) {
      return Stream.empty();
    }
    Iterator<MetricPoint> points = new Iterator<>() {
      private final Deque<MetricPoint> pending = new ArrayDeque<>();
      private boolean headerChecked = from > 0;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && !done) {
          try {
            byte[] line = lines.next();
            if (!headerChecked && line != null) {
              headerChecked = true;
              // a hashed name of another key is not this series
              line = isHeaderOf(file, line, key) ? lines.next() : null;
            }
            if (line == null) {
              done = true;
            } else {
              pending.addAll(points(file, key, line));
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the series " + file + ": " + e, e);
          }
        }
        return !pending.isEmpty();
      }

      @Override
      public MetricPoint next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.poll();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(points,
        Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(() -> {
          try {
            lines.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The points of one line: a point, or an array of the points of one batch. */
  private static List<MetricPoint> points(Path file, String key, byte[] line) {
    JsonNode node = parse(file, line);
    try {
      if (!node.isArray()) {
        return List.of(Records.point(key, node));
      }
      List<MetricPoint> points = new ArrayList<>(node.size());
      for (JsonNode p : node) {
        points.add(Records.point(key, p));
      }
      return points;
    } catch (IllegalArgumentException e) {
      throw Reads.damaged(file, "a line is not a metric point: " + e.getMessage());
    }
  }

  private static boolean isHeaderOf(Path file, byte[] line, String key) {
    try {
      return key.equals(Records.text(parse(file, line), "key"));
    } catch (IllegalArgumentException e) {
      throw Reads.damaged(file, "the first line is not a series header: " + e.getMessage());
    }
  }

  private static JsonNode parse(Path file, byte[] line) {
    try {
      return JsonText.parse(line);
    } catch (IOException e) {
      throw Reads.damaged(file, "a line is not JSON: " + e.getMessage());
    }
  }

  private static Optional<String> headerKey(Path file) throws IOException {
    try (Lines lines = new Lines(file, 0, Long.MAX_VALUE)) {
      byte[] header = lines.next();
      if (header == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(Records.text(parse(file, header), "key"));
      } catch (IllegalArgumentException e) {
        throw Reads.damaged(file, "the first line is not a series header: " + e.getMessage());
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static ObjectNode header(String key) {
    ObjectNode header = JSON.objectNode();
    header.put("key", key);
    header.put("format", FORMAT);
    header.put("version", 1);
    return header;
  }

  /** The lengths before the unfinished batch, by key; empty when no batch is under way. */
  private static Map<String, Long> unfinished(Path run) {
    Map<String, Long> lengths = new HashMap<>();
    tolerant(Layout.metricBatch(run)).map(batch -> batch.path("lengthsBefore"))
        .ifPresent(node -> node.properties().forEach(e -> {
          if (e.getValue().canConvertToLong()) {
            lengths.put(e.getKey(), e.getValue().longValue());
          }
        }));
    return lengths;
  }

  private static Map<String, Summary> cache(Path run) {
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
