package dev.labbook.store.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file operations the store is built from, each safe against a crash at any moment:
 *
 * <ul>
 *   <li>{@link #replace}: a record file is written to a temporary file in the same folder,
 *       forced to disk and renamed over the old one in one atomic step, so a reader or a crash
 *       sees the old content or the new, never a mix;
 *   <li>{@link #append}: a series grows by one write of whole lines, then is forced;
 *   <li>{@link #moveAside}: a folder leaves its place in one rename before it is deleted.
 * </ul>
 *
 * <p>With {@code fsync} off, nothing is forced: a killed process still leaves complete files
 * (the operating system has them), but a power failure may lose recent writes.
 * Temporary files start with {@value #TEMPORARY_PREFIX}; no reader ever takes a name starting
 * with {@code .} for a record, and a crash leaves at most one such file behind.
 */
final class Disk {
  static final String TEMPORARY_PREFIX = ".tmp-";

  private final boolean fsync;

  Disk(boolean fsync) {
    this.fsync = fsync;
  }

  boolean fsync() {
    return fsync;
  }

  /** Writes a file's whole content atomically (see the class comment); creates no folder. */
  void replace(Path target, byte[] content) throws IOException {
    replace(target, content, fsync);
  }

  /** Like {@link #replace} but never forced: for caches that are rebuilt when lost. */
  void replaceUnforced(Path target, byte[] content) throws IOException {
    replace(target, content, false);
  }

  private void replace(Path target, byte[] content, boolean force) throws IOException {
    Path folder = target.getParent();
    Path temporary = folder.resolve(TEMPORARY_PREFIX
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      writeFully(channel, content);
      if (force) {
        channel.force(true);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    if (force) {
      forceFolder(folder);
    }
  }

  /** Appends bytes in one write and forces them; the file is created if missing. */
  void append(Path file, long expectedLength, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      if (channel.size() != expectedLength) {
        throw new IOException(file + " is " + channel.size() + " bytes long, expected "
            + expectedLength + ": changed outside the store lock");
      }
      channel.position(expectedLength);
      writeFully(channel, bytes);
      if (fsync) {
        channel.force(false);
      }
    }
    if (fsync && expectedLength == 0) {
      forceFolder(file.getParent());
    }
  }

  /** Cuts a file to {@code length} bytes (forced); nothing if it is missing or not longer. */
  void truncate(Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (channel.size() > length) {
        channel.truncate(length);
        if (fsync) {
          channel.force(false);
        }
      }
    } catch (NoSuchFileException e) {
      // nothing to cut
    }
  }

  /** Creates a folder and any missing parents, each forced into its parent. */
  void createFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e;
        }
      }
      if (fsync && p.getParent() != null) {
        forceFolder(p.getParent());
      }
    }
  }

  /** Deletes a file; false if it was not there. */
  boolean delete(Path file) throws IOException {
    boolean deleted = Files.deleteIfExists(file);
    if (deleted && fsync) {
      forceFolder(file.getParent());
    }
    return deleted;
  }

  /** Deletes empty folders from {@code folder} up to, not including, {@code stop}. */
  void deleteEmptyFolders(Path folder, Path stop) throws IOException {
    for (Path p = folder; p != null && p.startsWith(stop) && !p.equals(stop); p = p.getParent()) {
      try {
        Files.delete(p);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      }
    }
  }

  /**
   * Renames a folder into {@code trash} under a fresh name, in one atomic step; empty if the
   * folder is not there.
   */
  Optional<Path> moveAside(Path folder, Path trash) throws IOException {
    createFolders(trash);
    Path target = trash.resolve(folder.getFileName() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + folder + " into " + trash
          + " atomically: the store's folders must be on one file system", e);
    }
    if (fsync) {
      forceFolder(folder.getParent());
      forceFolder(trash);
    }
    return Optional.of(target);
  }

  /** Deletes a tree, tolerating parts that vanish meanwhile (another process clearing it). */
  static void deleteTree(Path root) throws IOException {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null && !(e instanceof NoSuchFileException)) {
            throw e;
          }
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // already gone
    }
  }

  /**
   * Forces a folder's entries (a rename, a new file) to disk. Best effort: some platforms cannot
   * open a folder for this, and there the rename itself is what they offer.
   */
  static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort (see above)
    }
  }

  private static void writeFully(FileChannel channel, byte[] content) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
