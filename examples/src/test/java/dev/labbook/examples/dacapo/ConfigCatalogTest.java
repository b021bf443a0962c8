package dev.labbook.examples.dacapo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
import dev.labbook.examples.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConfigCatalogTest {

  @Test
  void storesTwoRunsListsEveryKindRetrievesOneAndDeletesTheOther() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Labbook lab = TestStores.MEM.open()) {
      ConfigCatalog.run(lab, new PrintStream(printed, true, StandardCharsets.UTF_8));

      String output = printed.toString(StandardCharsets.UTF_8);
      assertThat(output).contains("stored run unet-affinities-0\n", "stored run unet-affinities-1\n",
          "runs:         [unet-affinities-0, unet-affinities-1]",
          "tasks:        [affinities-3d]",
          "datasets:     [crop-1, crop-2, crop-3]",
          "with 2 training datasets; equal to the stored one: true",
          "after deleting unet-affinities-1, runs: [unet-affinities-0], tasks: [affinities-3d]",
          "retrieving it again: no config runs \"unet-affinities-1\"");
      assertThat(lab.configs().names(RunConfig.class)).containsExactly("unet-affinities-0");
      assertThat(lab.configs().names(ArrayConfig.class)).hasSize(6);
    }
  }

  @Test
  void runningItAgainOnTheSameStoreIsHarmless() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Labbook lab = TestStores.MEM.open()) {
      PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
      ConfigCatalog.run(lab, out);
      printed.reset();
      ConfigCatalog.run(lab, out);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("stored run unet-affinities-0 (already stored as given)")
          .contains("stored run unet-affinities-1\n");
    }
  }
}
