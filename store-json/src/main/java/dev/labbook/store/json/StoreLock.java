package dev.labbook.store.json;

import dev.labbook.LabbookException;
import dev.labbook.StoreClosedException;
import dev.labbook.spi.TransientStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store-wide write lock: every change to a store runs while holding it, in every thread of
 * every process. It has two parts, taken in this order and released in the reverse:
 *
 * <ol>
 *   <li>a {@link ReentrantLock} shared by every instance this JVM opened over the same folder
 *       (keyed by its real path), because an operating-system file lock belongs to the whole
 *       process and cannot exclude threads or instances within it;
 *   <li>an exclusive lock on the file {@code .lock} in the store's folder
 *       ({@link FileChannel#tryLock()}, {@code fcntl} on Unix, also over NFS), which excludes
 *       other processes. The operating system releases it when its process dies, however it
 *       dies, so a killed writer never blocks the others for good.
 * </ol>
 *
 * <p>One channel per folder and JVM carries the file lock: on some systems closing any channel
 * on a file drops every lock the process holds on it. Waiting is bounded by the
 * {@code lock.timeout} option; running out throws {@link TransientStoreException} (core retries
 * the operation a few times). Reads never take the lock.
 */
final class StoreLock implements AutoCloseable {
  private static final Map<Path, Shared> SHARED = new HashMap<>();

  private final Path folder;
  private final Shared shared;
  private final Duration timeout;
  private boolean closed;

  private StoreLock(Path folder, Shared shared, Duration timeout) {
    this.folder = folder;
    this.shared = shared;
    this.timeout = timeout;
  }

  /** The lock of the store in {@code folder}, which must exist. */
  static StoreLock of(Path folder, Duration timeout) throws IOException {
    Path real = folder.toRealPath();
    synchronized (SHARED) {
      Shared shared = SHARED.computeIfAbsent(real, r -> new Shared(r.resolve(".lock")));
      shared.users++;
      return new StoreLock(real, shared, timeout);
    }
  }

  /** An action on the store's files. */
  interface Action<T> {
    T run() throws IOException;
  }

  /**
   * Runs an action holding the lock. Nested calls in the same thread run within the outer one.
   *
   * @throws TransientStoreException if the lock was not free within the timeout
   * @throws UncheckedIOException if the action fails with an I/O error
   */
  <T> T call(Action<T> action) {
    if (shared.lock.isHeldByCurrentThread()) {
      return run(action);
    }
    FileLock fileLock = acquire();
    try {
      return run(action);
    } finally {
      try {
        fileLock.release();
      } catch (IOException e) {
        // The channel is gone (closed by an interrupt): the lock went with it.
      } finally {
        shared.lock.unlock();
      }
    }
  }

  private <T> T run(Action<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot change the store in " + folder + ": " + e, e);
    }
  }

  private FileLock acquire() {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!shared.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw timedOut("another thread of this process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabbookException("interrupted while waiting for the write lock of " + folder, e);
    }
    try {
      long pause = 20_000;
      while (true) {
        FileLock fileLock = shared.channel().tryLock();
        if (fileLock != null) {
          return fileLock;
        }
        if (System.nanoTime() > deadline) {
          throw timedOut("another process");
        }
        // Polling rather than a blocking lock(): a blocked lock() cannot time out, and an
        // interrupt would close the channel this JVM shares. Short pauses, since writes are
        // short: a waiter gets the lock within a millisecond of its release.
        LockSupport.parkNanos(pause + ThreadLocalRandom.current().nextLong(pause));
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        pause = Math.min(pause * 2, 1_000_000);
      }
    } catch (IOException e) {
      shared.lock.unlock();
      throw new UncheckedIOException("cannot lock " + shared.file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      shared.lock.unlock();
      Thread.currentThread().interrupt();
      throw new LabbookException("interrupted while waiting for the write lock of " + folder, e);
    } catch (RuntimeException e) {
      shared.lock.unlock();
      throw e;
    }
  }

  private TransientStoreException timedOut(String holder) {
    return new TransientStoreException("waited " + timeout.toMillis() + " ms for the write lock "
        + shared.file + ", held by " + holder + "; a process that died has released it, so a"
        + " writer is still busy or hanging (option lock.timeout sets the wait)", null);
  }

  /** Lets go of this instance's share; the last one closes the lock file's channel. */
  @Override
  public void close() {
    synchronized (SHARED) {
      if (closed) {
        return;
      }
      closed = true;
      if (--shared.users == 0) {
        SHARED.remove(folder);
        shared.lock.lock(); // let a running operation finish first
        try {
          shared.close();
        } finally {
          shared.lock.unlock();
        }
      }
    }
  }

  /** What the instances over one folder share. */
  private static final class Shared {
    final ReentrantLock lock = new ReentrantLock();
    final Path file;
    int users;
    private FileChannel channel;
    private boolean closed;

    Shared(Path file) {
      this.file = file;
    }

    /** The channel, opened on first use (a store that is only read needs no lock file). */
    FileChannel channel() throws IOException {
      if (closed) {
        // A write that passed the open check as the last instance closed: reopening the file
        // here would leave a channel nobody closes, holding locks a new instance would collide with.
        throw new StoreClosedException("json:" + file.getParent());
      }
      if (channel == null || !channel.isOpen()) {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      return channel;
    }

    void close() {
      closed = true;
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        // nothing is held any more
      }
    }
  }
}
