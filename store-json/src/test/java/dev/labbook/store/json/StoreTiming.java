package dev.labbook.store.json;

import dev.labbook.Experiment;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.query.Direction;
import dev.labbook.query.Query;
import dev.labbook.spi.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rough timing, not a test: {@code StoreTiming [runs] [points] [fsync]} creates that many runs
 * in a new store in a temporary folder, one thread, each with a batch of points, a status update
 * and a result, then times a few reads. Numbers in the README come from it.
 */
public final class StoreTiming {
  private StoreTiming() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int points = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    boolean fsync = args.length <= 2 || Boolean.parseBoolean(args[2]);
    Path folder = Files.createTempDirectory("labbook-timing").resolve("store");
    try (Labbook lab = Labbook.builder().settings(StoreSettings.of("json:" + folder,
        Map.of("fsync", String.valueOf(fsync)))).open()) {
      Experiment e = lab.experiments().create("timing");
      long start = System.nanoTime();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Run run = lab.experiments().createRun(e.id(), RunSpec.create().param("i", i).param("lr", i / 1000.0));
        List<MetricPoint> curve = new ArrayList<>(points);
        for (int step = 0; step < points; step++) {
          curve.add(MetricPoint.of("loss", step, 1.0 / (step + 1 + i)));
        }
        lab.experiments().log(run.id(), curve);
        lab.experiments().updateRun(run.withStatus(RunStatus.COMPLETED).withResults(Map.of("v", i)));
        ids.add(run.id());
      }
      report("create " + runs + " runs, each with " + points + " points in one batch and an update"
          + " (fsync=" + fsync + ")", start, runs);

      start = System.nanoTime();
      for (String id : ids) {
        lab.experiments().getRun(id);
      }
      report("get every run by id", start, runs);

      start = System.nanoTime();
      for (String id : ids) {
        lab.experiments().series(id, "loss");
      }
      report("read every series", start, runs);

      start = System.nanoTime();
      long listed = lab.experiments().runs(e.id()).count();
      report("list all " + listed + " runs", start, 1);

      start = System.nanoTime();
      List<Run> best = lab.experiments().runs(e.id(), Query.parse("params.lr > 0.1")
          .orderBy("metrics.loss", Direction.ASC).limit(5)).toList();
      report("query: 5 best by latest loss among params.lr > 0.1 (" + best.size() + ")", start, 1);
    } finally {
      Disk.deleteTree(folder.getParent());
    }
  }

  private static void report(String what, long start, int count) {
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("%-100s %9.0f ms total, %7.2f ms each%n", what, ms, ms / count);
  }
}
