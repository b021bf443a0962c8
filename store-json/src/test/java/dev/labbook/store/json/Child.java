package dev.labbook.store.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one of the {@link ChildMain} programs on this test class path, with its
 * standard output collected line by line. A line counts only when it is complete: the programs
 * end every line with {@code ;}, so a line a kill cut short is never taken for an
 * acknowledgement.
 */
final class Child implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private Child(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code ChildMain <program> <args…>} in a new JVM. */
  static Child start(Path log, String program, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // a child starts often and lives briefly: start fast rather than run fast
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx96m",
        "-cp", System.getProperty("java.class.path"),
        ChildMain.class.getName(), program));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new Child(process);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.endsWith(";")) {
          lines.add(line.substring(0, line.length() - 1));
        }
      }
    } catch (IOException e) {
      // the child died; what was read is what counts
    }
  }

  /** The complete lines so far. */
  List<String> lines() {
    return lines;
  }

  /** Waits until a line starting with {@code prefix} came, or the child ended, or time ran out. */
  boolean awaitLine(String prefix, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
        return true;
      }
      if (!process.isAlive()) {
        reader.join(1000);
        return lines.stream().anyMatch(l -> l.startsWith(prefix));
      }
      Thread.sleep(5);
    }
    return false;
  }

  /** Kills the child with SIGKILL (on Unix) and waits for it and for all of its output. */
  void kill() throws InterruptedException {
    // Through the process handle: Process.destroyForcibly() sends the same SIGKILL but also
    // closes our end of the child's output, and acknowledgements still in the pipe would be lost.
    process.toHandle().destroyForcibly();
    process.waitFor();
    awaitOutput();
  }

  /** Waits until every line the child wrote is read: a line missed would be a lost acknowledgement. */
  private void awaitOutput() throws InterruptedException {
    reader.join(120_000);
    if (reader.isAlive()) {
      throw new IllegalStateException("the output of child " + process.pid() + " was not read to its end");
    }
  }

  /** Sends the child a signal by name ({@code TERM}, {@code INT}) with {@code kill}. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
        .inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Waits for the child to exit; its exit code, or -1 if it did not exit in time (then it is killed). */
  int await(long millis) throws InterruptedException {
    if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
      kill();
      return -1;
    }
    awaitOutput();
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
