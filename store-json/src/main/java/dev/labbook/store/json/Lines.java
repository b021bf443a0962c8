package dev.labbook.store.json;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The complete lines of a region of a file, read in chunks. A line is complete when it ends with
 * {@code \n}; bytes after the last {@code \n} of the region (a write a crash cut short, or one
 * still under way) are not a line, so a reader never sees half a point.
 */
final class Lines implements Closeable {
  private static final int CHUNK = 64 * 1024;

  private final FileChannel channel;
  private final long end;
  private final byte[] buffer = new byte[CHUNK];
  private final ByteArrayOutputStream carry = new ByteArrayOutputStream();
  private long read;
  private int position;
  private int limit;
  private long lineStart;

  /** The lines of {@code file} between byte {@code from} (a line start) and {@code end}. */
  Lines(Path file, long from, long end) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.end = end;
    this.read = from;
    this.lineStart = from;
    try {
      channel.position(from);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Where the line {@link #next()} returns next starts (after the last, the end of complete lines). */
  long offset() {
    return lineStart;
  }

  /** The next complete line without its {@code \n}, or null after the last. */
  byte[] next() throws IOException {
    while (true) {
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          byte[] line;
          if (carry.size() == 0) {
            line = java.util.Arrays.copyOfRange(buffer, position, i);
          } else {
            carry.write(buffer, position, i - position);
            line = carry.toByteArray();
            carry.reset();
          }
          position = i + 1;
          lineStart += line.length + 1;
          return line;
        }
      }
      carry.write(buffer, position, limit - position);
      position = 0;
      limit = 0;
      if (read >= end) {
        return null;
      }
      int n = channel.read(ByteBuffer.wrap(buffer, 0, (int) Math.min(CHUNK, end - read)));
      if (n < 0) {
        return null;
      }
      read += n;
      limit = n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
