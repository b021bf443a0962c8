package dev.labbook.bench;

import dev.labbook.spi.StoreSettings;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory: the peak heap while streaming W2's series back ({@code streamSeries}), in a child JVM
 * with a heap of {@link Sizes#streamHeapMb()} MB, so that a store which holds the series whole
 * fails with {@code OutOfMemoryError} instead of passing. The figure is the sum of the heap
 * pools' peaks (an upper bound of the heap's peak).
 */
final class StreamingRead {
  private static final Pattern ANSWER = Pattern.compile("points=(\\d+) peakHeapBytes=(\\d+)");

  private final Sizes sizes;
  private final Results results;

  StreamingRead(Sizes sizes, Results results) {
    this.sizes = sizes;
    this.results = results;
  }

  void run(Backend backend, Ingest.Ingested ingested) throws Exception {
    StoreSettings settings = ingested.settings();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + sizes.streamHeapMb() + "m", "-XX:+UseSerialGC", "-cp", classPath(),
        StreamChild.class.getName(), settings.uri(), ingested.runId(), Ingest.KEY));
    for (String name : settings.optionNames()) {
      command.add(name + "=" + settings.option(name).orElseThrow());
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!child.waitFor(10, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("the streaming child did not finish in 10 minutes");
    }
    Matcher answer = ANSWER.matcher(output);
    if (child.exitValue() != 0 || !answer.find()) {
      String why = output.contains("OutOfMemoryError") ? "OutOfMemoryError" : "exit " + child.exitValue();
      System.out.println(output.lines().limit(30).reduce("", (a, b) -> a + "\n    " + b));
      results.add("MEM", Measures.PEAK_HEAP, backend, Double.POSITIVE_INFINITY, "MB",
          "FAILED with -Xmx" + sizes.streamHeapMb() + "m: " + why);
      return;
    }
    long points = Long.parseLong(answer.group(1));
    double mb = Long.parseLong(answer.group(2)) / (1024.0 * 1024.0);
    results.add("MEM", Measures.PEAK_HEAP, backend, mb, "MB",
        points == ingested.points() ? "streamed " + points + " points with -Xmx" + sizes.streamHeapMb() + "m"
            : "streamed only " + points + " of " + ingested.points() + " points");
  }

  /** The class path of this program: the loader's URLs under exec:java, else java.class.path. */
  static String classPath() throws URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    // exec:java loads the program in a URLClassLoader of its own (its parents are Maven's);
    // a plain java command or surefire puts it on java.class.path.
    if (StreamingRead.class.getClassLoader() instanceof URLClassLoader urls) {
      for (URL url : urls.getURLs()) {
        if ("file".equals(url.getProtocol())) {
          entries.add(Path.of(url.toURI()).toString());
        }
      }
    }
    if (entries.isEmpty()) {
      entries.add(System.getProperty("java.class.path"));
    }
    return String.join(File.pathSeparator, entries);
  }
}
