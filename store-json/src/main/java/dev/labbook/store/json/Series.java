package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.Comparator;
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
 * A run's metric series: {@code metrics/<key>.jsonl} per key, a header line
 * {@code {"key":"loss","format":"labbook-series","version":1}} and then one line per point in
 * the order appended (see {@link Records#point}).
 *
 * <p><b>Appending</b> (under the store lock) writes each key's share of a batch in one write and
 * forces it, after cutting off a line a crash left unfinished. A batch of more than one point
 * is made all-or-nothing by a journal: {@code metrics-batch.json} names each touched series'
 * length before the batch, is written before the appends and deleted after them. Readers read
 * no further than those lengths while it exists, and the next append to the run cuts the series
 * back to them, so a batch a crash interrupted never shows. A single point is one line, which a
 * reader either sees whole or not at all.
 *
 * <p><b>Reading</b> takes no lock. {@code latest-metrics.json} caches, per key, the length it
 * covers, whether the steps so far never decrease and the latest point; it is rewritten after
 * each append without being forced, and a reader trusts an entry only when its length is the
 * series' length (otherwise it reads on from the cached length, or from the start). A series
 * whose steps never decrease is streamed straight from its file; one logged out of step order
 * is read whole and sorted (stably), the only place a series is held in memory.
 */
final class Series {
  private static final String FORMAT = "labbook-series";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Comparator<MetricPoint> BY_STEP = Comparator.comparingLong(MetricPoint::step);

  private final Disk disk;

  Series(Disk disk) {
    this.disk = disk;
  }

  /** What a series holds up to {@code length} bytes: whether it is in step order, and its latest point. */
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
    boolean journaled = points.size() > 1;
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
      for (MetricPoint p : e.getValue()) {
        bytes.writeBytes(JsonText.line(Records.point(p)));
      }
      disk.append(Layout.series(run, e.getKey()), start, bytes.toByteArray());
      after.put(e.getKey(), start + bytes.size());
    }
    if (journaled) {
      disk.delete(journal);
    }
    updateCache(run, byKey, before, after);
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

  /** Cuts off bytes after the last complete line; the length that remains. */
  private long repairTail(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long end = size;
      ByteBuffer chunk = ByteBuffer.allocate(4096);
      int span = 1; // most files end with a line break: look at one byte first
      while (end > 0) {
        int n = (int) Math.min(span, end);
        chunk.clear().limit(n);
        while (chunk.hasRemaining() && channel.read(chunk, end - n + chunk.position()) > 0) {
          // read the whole span
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
        span = 4096;
      }
      if (size > 0) {
        disk.truncate(file, 0);
      }
      return 0;
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  private void updateCache(Path run, Map<String, List<MetricPoint>> byKey,
      Map<String, Long> before, Map<String, Long> after) throws IOException {
    Map<String, Summary> cache = cache(run);
    for (Map.Entry<String, List<MetricPoint>> e : byKey.entrySet()) {
      String key = e.getKey();
      long start = before.get(key);
      Summary s = start == 0 ? Summary.EMPTY : cache.get(key);
      if (s == null || s.length() > start) {
        s = summarize(Layout.series(run, key), key, 0, start, Summary.EMPTY);
      } else if (s.length() < start) {
        s = summarize(Layout.series(run, key), key, s.length(), start, s);
      }
      for (MetricPoint p : e.getValue()) {
        s = s.plus(p);
      }
      cache.put(key, s.at(after.get(key)));
    }
    ObjectNode root = JSON.objectNode();
    root.put("format", "labbook-latest-metrics");
    ObjectNode series = root.putObject("series");
    cache.forEach((key, s) -> {
      ObjectNode entry = series.putObject(key);
      entry.put("length", s.length());
      entry.put("ordered", s.ordered());
      entry.set("latest", Records.point(s.latest()));
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
    Summary cached = cache(run).get(key);
    boolean ordered = cached != null && cached.length() == end ? cached.ordered()
        : summarize(file, key, 0, end, Summary.EMPTY).ordered();
    Stream<MetricPoint> points = stream(file, key, end);
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
      Summary s = cache.get(key.get());
      if (s == null || s.length() > end) {
        s = summarize(file, key.get(), 0, end, Summary.EMPTY);
      } else if (s.length() < end) {
        s = summarize(file, key.get(), s.length(), end, s);
      }
      if (s.latest() != null) {
        latest.put(key.get(), s.latest());
      }
    }
    return latest;
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
        s = s.plus(point(file, key, line));
      }
      return s.at(lines.offset());
    } catch (NoSuchFileException e) {
      return start;
    }
  }

  private Stream<MetricPoint> stream(Path file, String key, long end) throws IOException {
    return stream(file, key, 0, end);
  }

  /** The points in {@code [from, end)}; from 0 the header is checked and skipped. */
  private static Stream<MetricPoint> stream(Path file, String key, long from, long end)
      throws IOException {
    Lines lines;
    try {
      lines = new Lines(file, from, end);
    } catch (NoSuchFileException e) {
      return Stream.empty();
    }
    Iterator<MetricPoint> points = new Iterator<>() {
      private boolean headerChecked = from > 0;
      private MetricPoint next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
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
              next = point(file, key, line);
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the series " + file + ": " + e, e);
          }
        }
        return next != null;
      }

      @Override
      public MetricPoint next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        MetricPoint p = next;
        next = null;
        return p;
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

  private static MetricPoint point(Path file, String key, byte[] line) {
    try {
      return Records.point(key, parse(file, line));
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
            // a garbled entry: read that series from its file
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
