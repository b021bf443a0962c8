package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Artifact;
import dev.labbook.Experiment;
import dev.labbook.InvalidInputException;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.UnsupportedCapabilityException;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.spi.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts: bytes stored under a relative path of an experiment or a run (a key compared
 * exactly, not a file name: "a" and "a/b" may both exist), read back byte for byte with their
 * size and SHA-256, replaced, listed by path, deleted alone or with their owner;
 * invalid paths and unknown owners are refused without storing anything, and a store without
 * the ARTIFACTS capability refuses every artifact call.
 */
abstract class ArtifactRules extends Rules {
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private int made;

  ArtifactRules(StoreTck tck) {
    super(tck);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void anArtifactReadsBackByteForByteWithEveryByteValue() throws IOException {
    byte[] content = new byte[512];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (255 - i % 256);
    }
    String owner = newExperiment().id();

    experiments().putArtifact(owner, "bytes.bin", content);

    assertThat(experiments().readArtifact(owner, "bytes.bin")).isEqualTo(content);
    try (InputStream in = experiments().openArtifact(owner, "bytes.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(experiments().readArtifact(owner, "bytes.bin")).isEqualTo(content);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void anEmptyArtifactReadsBackEmpty() {
    String owner = newRun().id();

    Artifact stored = experiments().putArtifact(owner, "empty.txt", new byte[0]);

    assertThat(stored.size()).isZero();
    assertThat(stored.sha256()).isEqualTo(EMPTY_SHA256);
    assertThat(experiments().readArtifact(owner, "empty.txt")).isEmpty();
    assertThat(experiments().artifacts(owner)).containsExactly(stored);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void anArtifactOfAFewMegabytesReadsBackByteForByte() throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(20240506).nextBytes(content);
    String owner = newRun().id();

    Artifact stored = experiments().putArtifact(owner, "model/weights.bin", content);

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(stored.sha256()).isEqualTo(sha256(content));
    byte[] read;
    try (InputStream in = experiments().openArtifact(owner, "model/weights.bin")) {
      read = in.readAllBytes();
    }
    assertThat(Arrays.equals(read, content)).as("the bytes read back equal the bytes stored").isTrue();
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void anArtifactStoredFromAFileReadsBackTheFilesBytes(@TempDir Path folder) throws IOException {
    byte[] content = "epoch,loss\n0,0.9\n1,0.7\n".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(folder.resolve("history.csv"), content);
    String owner = newRun().id();

    Artifact stored = experiments().putArtifact(owner, "logs/history.csv", file);

    assertThat(stored.size()).isEqualTo(content.length);
    assertThat(experiments().readArtifact(owner, "logs/history.csv")).isEqualTo(content);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void anArtifactIsDescribedByItsOwnerPathSizeSha256AndCreatedTime() {
    useClock(Clock.fixed(Instant.parse("2024-05-06T07:08:09.123456Z"), ZoneOffset.UTC));
    Instant created = Instant.parse("2024-05-06T07:08:09.123Z"); // times are kept to the millisecond
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    Run run = newRun();

    Artifact ofRun = experiments().putArtifact(run.id(), "logs/out.txt", hello);
    Artifact ofExperiment = experiments().putArtifact(run.experimentId(), "notes.md", new byte[] {1, 2, 3});

    assertThat(ofRun).isEqualTo(new Artifact(run.id(), "logs/out.txt", 5,
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", created));
    assertThat(ofExperiment).isEqualTo(new Artifact(run.experimentId(), "notes.md", 3,
        sha256(new byte[] {1, 2, 3}), created));
    assertThat(experiments().artifacts(run.id())).containsExactly(ofRun);
    assertThat(experiments().artifacts(run.experimentId())).containsExactly(ofExperiment);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void puttingAnArtifactAgainUnderTheSamePathReplacesIt() {
    String owner = newRun().id();
    experiments().putArtifact(owner, "model.bin", "the first, longer content".getBytes(StandardCharsets.UTF_8));

    // Shorter than the first: a replacement must not keep the first content's tail.
    Artifact second = experiments().putArtifact(owner, "model.bin", new byte[] {7, 8, 9});

    assertThat(experiments().readArtifact(owner, "model.bin")).containsExactly(7, 8, 9);
    assertThat(second.size()).isEqualTo(3);
    assertThat(second.sha256()).isEqualTo(sha256(new byte[] {7, 8, 9}));
    assertThat(experiments().artifacts(owner)).containsExactly(second);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void artifactsAreListedByPath() {
    // Sorted by Unicode code point: '/' is a character like any other, not a level.
    List<String> paths = List.of("b.txt", "a/z.txt", "a.txt", "A.txt", "a-b.txt", "a/b/c.txt",
        "ab.txt", "_x", "a/b.txt", "0.txt");
    String owner = newExperiment().id();
    for (String path : paths) {
      experiments().putArtifact(owner, path, path.getBytes(StandardCharsets.UTF_8));
    }

    assertThat(experiments().artifacts(owner)).extracting(Artifact::path).containsExactly(
        "0.txt", "A.txt", "_x", "a-b.txt", "a.txt", "a/b.txt", "a/b/c.txt", "a/z.txt", "ab.txt", "b.txt");
    assertThat(experiments().artifacts(owner)).allSatisfy(artifact -> {
      assertThat(artifact.ownerId()).isEqualTo(owner);
      assertThat(artifact.size()).isEqualTo(artifact.path().length());
    });
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void experimentAndRunArtifactsAreSeparate() {
    Run first = newRun();
    String experiment = first.experimentId();
    Run second = experiments().createRun(experiment);
    experiments().putArtifact(experiment, "report.txt", new byte[] {1});
    experiments().putArtifact(first.id(), "report.txt", new byte[] {2});
    experiments().putArtifact(second.id(), "report.txt", new byte[] {3});
    experiments().putArtifact(first.id(), "only-first.txt", new byte[] {4});

    assertThat(experiments().readArtifact(experiment, "report.txt")).containsExactly(1);
    assertThat(experiments().readArtifact(first.id(), "report.txt")).containsExactly(2);
    assertThat(experiments().readArtifact(second.id(), "report.txt")).containsExactly(3);
    assertThat(experiments().artifacts(experiment)).extracting(Artifact::path).containsExactly("report.txt");
    assertThat(experiments().artifacts(first.id())).extracting(Artifact::path)
        .containsExactly("only-first.txt", "report.txt");
    assertThat(experiments().artifacts(second.id())).extracting(Artifact::path).containsExactly("report.txt");

    experiments().deleteArtifact(first.id(), "report.txt");

    assertThat(experiments().readArtifact(experiment, "report.txt")).containsExactly(1);
    assertThat(experiments().readArtifact(second.id(), "report.txt")).containsExactly(3);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void aPathCanBeAnArtifactAndTheFolderOfOthersAtOnce() {
    String owner = newRun().id();
    Map<String, byte[]> stored = new LinkedHashMap<>();
    stored.put("model", new byte[] {1});
    stored.put("model/weights.bin", new byte[] {2});
    stored.put("model/config/net.json", new byte[] {3});
    stored.put("model/config/net.json/notes", new byte[] {4});
    stored.forEach((path, content) -> experiments().putArtifact(owner, path, content));

    stored.forEach((path, content) ->
        assertThat(experiments().readArtifact(owner, path)).as(path).isEqualTo(content));
    assertThat(experiments().artifacts(owner)).extracting(Artifact::path)
        .containsExactlyElementsOf(stored.keySet().stream().sorted(QueryEvaluator.STRING_ORDER).toList());

    experiments().deleteArtifact(owner, "model");
    experiments().deleteArtifact(owner, "model/config/net.json/notes");

    assertThat(experiments().artifacts(owner)).extracting(Artifact::path)
        .containsExactly("model/config/net.json", "model/weights.bin");
    assertThat(experiments().readArtifact(owner, "model/config/net.json")).containsExactly(3);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void pathsDifferingOnlyInCaseOrUnicodeNormalizationAreDistinctArtifacts() {
    List<String> paths = List.of("model.bin", "Model.bin", "MODEL.BIN", "logs/\u00e9t\u00e9.txt",
        "logs/e\u0301te\u0301.txt", "Logs/\u00e9t\u00e9.txt");
    String owner = newExperiment().id();
    for (int i = 0; i < paths.size(); i++) {
      experiments().putArtifact(owner, paths.get(i), new byte[] {(byte) i});
    }

    for (int i = 0; i < paths.size(); i++) {
      assertThat(experiments().readArtifact(owner, paths.get(i))).as(paths.get(i)).containsExactly(i);
    }
    assertThat(experiments().artifacts(owner)).extracting(Artifact::path)
        .containsExactlyElementsOf(paths.stream().sorted(QueryEvaluator.STRING_ORDER).toList());
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void pathsWithSpacesPunctuationAnyUnicodeAndTheLongestAllowedLengthRoundTrip() {
    String longest = "a".repeat(255) + "/" + "b".repeat(255) + "/" + "c".repeat(255) + "/"
        + "d".repeat(254) + "/e"; // 1024 characters, each segment at most 255
    // Lengths count characters: 255 "é" are 510 UTF-8 bytes, more than a file name may have.
    String longestAccented = "accents/" + "\u00e9".repeat(255);
    List<String> paths = List.of("with space/in name.txt", ".hidden", "...", "a..b/c.d.e", "$x/@y",
        "@type", "it's \"quoted\".txt", "colon:star*question?.txt", "<angle>|pipe#hash%20",
        "\u00fcn\u00efc\u00f8d\u00e9/\ud835\udefc.bin", "\u6a21\u578b/\ud83d\ude00", longest,
        longestAccented);
    String owner = newRun().id();
    for (int i = 0; i < paths.size(); i++) {
      experiments().putArtifact(owner, paths.get(i), ("content " + i).getBytes(StandardCharsets.UTF_8));
    }

    for (int i = 0; i < paths.size(); i++) {
      assertThat(experiments().readArtifact(owner, paths.get(i))).as(paths.get(i))
          .isEqualTo(("content " + i).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(experiments().artifacts(owner)).extracting(Artifact::path)
        .containsExactlyInAnyOrderElementsOf(paths);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void deletingAnArtifactRemovesOnlyThatArtifact() {
    String owner = newRun().id();
    Artifact kept = experiments().putArtifact(owner, "logs/keep.txt", new byte[] {1});
    experiments().putArtifact(owner, "logs/drop.txt", new byte[] {2});

    experiments().deleteArtifact(owner, "logs/drop.txt");

    assertThatThrownBy(() -> experiments().readArtifact(owner, "logs/drop.txt"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("logs/drop.txt");
    assertThat(experiments().artifacts(owner)).containsExactly(kept);
    assertThat(experiments().readArtifact(owner, "logs/keep.txt")).containsExactly(1);
    assertThatThrownBy(() -> experiments().deleteArtifact(owner, "logs/drop.txt"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("logs/drop.txt");

    experiments().putArtifact(owner, "logs/drop.txt", new byte[] {3});

    assertThat(experiments().readArtifact(owner, "logs/drop.txt")).containsExactly(3);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void readingOrDeletingAnUnknownArtifactFailsWithNotFound() {
    Run run = newRun();
    Artifact stored = experiments().putArtifact(run.id(), "logs/out.txt", new byte[] {1});
    experiments().putArtifact(run.experimentId(), "elsewhere.txt", new byte[] {2});

    // "logs" is only a folder of the run's artifacts; "elsewhere.txt" belongs to its experiment.
    for (String path : List.of("missing.txt", "logs", "logs/out", "logs/out.txt/more", "elsewhere.txt")) {
      assertThatThrownBy(() -> experiments().readArtifact(run.id(), path))
          .isInstanceOf(NotFoundException.class).hasMessageContaining(path);
      assertThatThrownBy(() -> experiments().openArtifact(run.id(), path).close())
          .isInstanceOf(NotFoundException.class).hasMessageContaining(path);
      assertThatThrownBy(() -> experiments().deleteArtifact(run.id(), path))
          .isInstanceOf(NotFoundException.class).hasMessageContaining(path);
    }

    assertThat(experiments().artifacts(run.id())).containsExactly(stored);
    assertThat(experiments().readArtifact(run.experimentId(), "elsewhere.txt")).containsExactly(2);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void anArtifactOfAnUnknownOrDeletedOwnerFailsWithNotFoundAndNothingIsStored() {
    String unknown = UUID.randomUUID().toString();
    Run deleted = newRun();
    experiments().deleteRun(deleted.id());
    Experiment gone = newExperiment();
    experiments().delete(gone.id());

    for (String owner : List.of(unknown, deleted.id(), gone.id())) {
      assertThatThrownBy(() -> experiments().putArtifact(owner, "out.txt", new byte[] {1}))
          .isInstanceOf(NotFoundException.class).hasMessageContaining(owner);

      assertThatThrownBy(() -> experiments().artifacts(owner))
          .isInstanceOf(NotFoundException.class).hasMessageContaining(owner);
      assertThatThrownBy(() -> experiments().readArtifact(owner, "out.txt"))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("out.txt");
      assertThatThrownBy(() -> experiments().deleteArtifact(owner, "out.txt"))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("out.txt");
    }
    assertThat(experiments().artifacts(deleted.experimentId())).isEmpty();
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void deletingARunRemovesItsArtifacts() {
    Run run = newRun();
    Run sibling = experiments().createRun(run.experimentId());
    experiments().putArtifact(run.id(), "model.bin", new byte[] {1});
    experiments().putArtifact(run.id(), "logs/out.txt", new byte[] {2});
    Artifact ofSibling = experiments().putArtifact(sibling.id(), "model.bin", new byte[] {3});
    Artifact ofExperiment = experiments().putArtifact(run.experimentId(), "model.bin", new byte[] {4});

    experiments().deleteRun(run.id());

    for (String path : List.of("model.bin", "logs/out.txt")) {
      assertThatThrownBy(() -> experiments().readArtifact(run.id(), path))
          .isInstanceOf(NotFoundException.class).hasMessageContaining(path);
    }
    assertThatThrownBy(() -> experiments().artifacts(run.id()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(run.id());
    assertThat(experiments().artifacts(sibling.id())).containsExactly(ofSibling);
    assertThat(experiments().artifacts(run.experimentId())).containsExactly(ofExperiment);
    assertThat(experiments().readArtifact(sibling.id(), "model.bin")).containsExactly(3);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void deletingAnExperimentRemovesItsArtifactsAndThoseOfItsRuns() {
    Run run = newRun();
    String experiment = run.experimentId();
    experiments().putArtifact(experiment, "summary.txt", new byte[] {1});
    experiments().putArtifact(run.id(), "model.bin", new byte[] {2});
    Run other = newRun();
    Artifact kept = experiments().putArtifact(other.experimentId(), "summary.txt", new byte[] {3});
    Artifact keptOfRun = experiments().putArtifact(other.id(), "model.bin", new byte[] {4});

    experiments().delete(experiment);

    assertThatThrownBy(() -> experiments().readArtifact(experiment, "summary.txt"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("summary.txt");
    assertThatThrownBy(() -> experiments().readArtifact(run.id(), "model.bin"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("model.bin");
    assertThatThrownBy(() -> experiments().artifacts(experiment))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(experiment);
    assertThat(experiments().artifacts(other.experimentId())).containsExactly(kept);
    assertThat(experiments().artifacts(other.id())).containsExactly(keptOfRun);
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  @CheckedByCore
  void invalidArtifactPathsAreRejectedAndNothingIsStored() {
    // Each bad path with a part of it that the message must show (quoted, so escapes aside).
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("", "missing");
    bad.put("/absolute.txt", "/absolute.txt");
    bad.put("logs/", "logs/");
    bad.put("logs//out.txt", "logs//out.txt");
    bad.put(".", "\".\"");
    bad.put("..", "\"..\"");
    bad.put("./out.txt", "./out.txt");
    bad.put("logs/./out.txt", "logs/./out.txt");
    bad.put("../out.txt", "../out.txt");
    bad.put("logs/../../out.txt", "logs/../../out.txt");
    bad.put("logs/..", "logs/..");
    bad.put("logs\\out.txt", "out.txt");
    bad.put("logs/out\u0000.txt", "logs/out");
    bad.put("logs/tab\there", "logs/tab");
    bad.put("logs/ leading.txt", "logs/ leading.txt");
    bad.put("logs /trailing.txt", "logs /trailing.txt");
    bad.put("logs/half\ud800.txt", "logs/half");
    bad.put("x".repeat(1025), "x".repeat(40));
    bad.put("logs/" + "y".repeat(256), "y".repeat(40));
    Run run = newRun();
    Artifact existing = experiments().putArtifact(run.id(), "logs/out.txt", new byte[] {1});

    bad.forEach((path, shown) -> {
      for (String owner : List.of(run.id(), run.experimentId())) {
        assertThatThrownBy(() -> experiments().putArtifact(owner, path, new byte[] {2}))
            .as("putting %s", path).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("artifact path").hasMessageContaining(shown);
      }
      assertThatThrownBy(() -> experiments().readArtifact(run.id(), path))
          .as("reading %s", path).isInstanceOf(InvalidInputException.class).hasMessageContaining(shown);
      assertThatThrownBy(() -> experiments().deleteArtifact(run.id(), path))
          .as("deleting %s", path).isInstanceOf(InvalidInputException.class).hasMessageContaining(shown);
    });
    assertThatThrownBy(() -> experiments().putArtifact(run.id(), null, new byte[] {2}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("artifact path is missing");

    assertThat(experiments().artifacts(run.id())).containsExactly(existing);
    assertThat(experiments().artifacts(run.experimentId())).isEmpty();
    assertThat(experiments().readArtifact(run.id(), "logs/out.txt")).containsExactly(1);
  }

  @Test
  @RequiresAbsent(Capability.ARTIFACTS)
  @CheckedByCore
  void withoutTheArtifactsCapabilityEveryArtifactCallFailsAndChangesNothing(@TempDir Path folder)
      throws IOException {
    Path file = Files.write(folder.resolve("out.txt"), new byte[] {1});
    Run run = newRun();
    Experiment experiment = experiments().get(run.experimentId());
    String unknown = UUID.randomUUID().toString();

    for (String owner : List.of(run.id(), experiment.id(), unknown)) {
      List<ThrowingCallable> calls = List.of(
          () -> experiments().putArtifact(owner, "out.txt", new byte[] {1}),
          () -> experiments().putArtifact(owner, "out.txt", file),
          () -> experiments().readArtifact(owner, "out.txt"),
          () -> experiments().openArtifact(owner, "out.txt").close(),
          () -> experiments().artifacts(owner),
          () -> experiments().deleteArtifact(owner, "out.txt"));
      for (ThrowingCallable call : calls) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
                e -> assertThat(e.capability()).isEqualTo("ARTIFACTS"))
            .hasMessageContaining("ARTIFACTS");
      }
    }

    assertThat(experiments().getRun(run.id())).isEqualTo(run);
    assertThat(experiments().get(experiment.id())).isEqualTo(experiment);
    assertThat(experiments().findRun(unknown)).isEmpty();
    assertThat(experiments().find(unknown)).isEmpty();
  }

  private Experiment newExperiment() {
    return experiments().create("artifacts " + made++);
  }

  /** A run of a new experiment. */
  private Run newRun() {
    return experiments().createRun(newExperiment().id());
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
