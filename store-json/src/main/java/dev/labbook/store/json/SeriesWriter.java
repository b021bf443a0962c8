package dev.labbook.store.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.MetricPoint;
import dev.labbook.store.json.SeriesFile.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends to a run's series under the store lock, as {@link Series} describes: repair, journal,
 * one write per key, cache refresh.
 */
final class SeriesWriter {
  private static final System.Logger LOG = System.getLogger(SeriesWriter.class.getName());

  /** How far a series may grow past its cached summary before the writer refreshes it. */
  static final int CACHE_LAG = 16 * 1024;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Disk disk;

  SeriesWriter(Disk disk) {
    this.disk = disk;
  }

  /** Appends a batch to the run's series; the caller holds the store lock. */
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
        bytes.writeBytes(JsonText.line(SeriesFile.header(e.getKey())));
      }
      bytes.writeBytes(JsonText.line(SeriesFile.line(e.getValue())));
      disk.append(Layout.series(run, e.getKey()), start, bytes.toByteArray());
      after.put(e.getKey(), start + bytes.size());
    }
    if (journaled) {
      disk.delete(journal);
    }
    try {
      refreshCache(run, byKey, before, after);
    } catch (IOException | RuntimeException e) {
      // The points are stored; the cache is only a shortcut, rebuilt from the series when
      // missing. Failing here would make a caller retry and log the points twice.
      LOG.log(System.Logger.Level.WARNING, "cannot refresh the latest-metrics cache of " + run, e);
    }
  }

  /** Undoes the appends of a batch whose writer died before finishing it. */
  private void rollBack(Path run) throws IOException {
    Path journal = Layout.metricBatch(run);
    if (!Files.exists(journal)) {
      return;
    }
    for (Map.Entry<String, Long> e : Series.unfinished(run).entrySet()) {
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
    Map<String, Summary> cache = Series.cache(run);
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
      Summary s = SeriesFile.summary(Layout.series(run, key), key, before.get(key), cache.get(key));
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

}
