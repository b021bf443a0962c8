package dev.labbook.bench;

import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.spi.StoreSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The child JVM of {@link StreamingRead}: opens a store, streams one series to the end and
 * prints {@code points=<n> peakHeapBytes=<bytes>}, the peak of the heap pools while streaming
 * (their peaks are reset once the store is open, so the store's own start-up is left out).
 *
 * <p>Arguments: URI, run id, metric key, then {@code name=value} options.
 */
public final class StreamChild {
  private StreamChild() {}

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    try (Labbook lab = Labbook.builder().settings(StoreSettings.of(args[0], options)).open()) {
      lab.experiments().getRun(args[1]); // the store is warm: its pools and caches are open
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      long points = 0;
      double sum = 0;
      try (Stream<MetricPoint> series = lab.experiments().streamSeries(args[1], args[2])) {
        for (var it = series.iterator(); it.hasNext(); ) {
          sum += it.next().value(); // used, so that nothing is optimized away
          points++;
        }
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("points=" + points + " peakHeapBytes=" + peak + " sum=" + sum);
    }
  }
}
