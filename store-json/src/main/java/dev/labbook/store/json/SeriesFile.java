package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.MetricPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The format of one series file (see {@link Series}): its header, its lines, and what can be
 * learned by reading them. Stateless; nothing here takes the lock or writes.
 */
final class SeriesFile {
  private static final String FORMAT = "labbook-series";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SeriesFile() {}

  /** A series up to {@code length} bytes: whether it is in step order, and its latest point. */
  record Summary(long length, boolean ordered, MetricPoint latest) {
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

  static JsonNode line(List<MetricPoint> points) {
    if (points.size() == 1) {
      return Records.point(points.get(0));
    }
    ArrayNode batch = JSON.arrayNode(points.size());
    points.forEach(p -> batch.add(Records.point(p)));
    return batch;
  }

  /** The summary of a series up to {@code end}, read on from a cached one where it fits. */
  static Summary summary(Path file, String key, long end, Summary cached)
      throws IOException {
    if (cached == null || cached.length() > end) {
      return summarize(file, key, 0, end, Summary.EMPTY);
    }
    return cached.length() == end ? cached : summarize(file, key, cached.length(), end, cached);
  }

  /** {@code start} followed by the points in {@code [from, end)} (from 0: after the header). */
  static Summary summarize(Path file, String key, long from, long end, Summary start)
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
  static Stream<MetricPoint> stream(Path file, String key, long from, long end)
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

  static Optional<String> headerKey(Path file) throws IOException {
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

  static ObjectNode header(String key) {
    ObjectNode header = JSON.objectNode();
    header.put("key", key);
    header.put("format", FORMAT);
    header.put("version", 1);
    return header;
  }

}
