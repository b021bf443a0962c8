package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names are data, not paths: every name maps to its own single, safe file name. */
class FileNamesTest {
  private static final Pattern SAFE = Pattern.compile("[a-z0-9_%A-F+-]+");
  private static final Set<String> DEVICES = Set.of("con", "prn", "aux", "nul", "com0", "com1",
      "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3",
      "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  @TempDir Path folder;

  /** Every awkward name the issue lists, their variants, and a few thousand random ones. */
  static List<String> names() {
    List<String> names = new ArrayList<>(List.of("..", ".", "...", "/", "\\", ":", "*", "?", "\"",
        "<", ">", "|", "../etc/passwd", "..\\..\\windows", "C:\\x", "a/b", "a\\b", "a:b", "con",
        "CON", "Con", "con.txt", "CON.json", "nul", "NUL", "prn", "aux", "com1", "COM9", "lpt1",
        "LPT9", "com0", "COM\u00b9", "con ", "a.", "a ", " a", "%", "%41", "%2E", "A", "a", "Ab",
        "aB", "AB", "ab", "\u00e9", "e\u0301", "\u00c9", "E\u0301", "\u212b", "\u00c5",
        "A\u030a", "\ufb01", "fi", "\u0130", "i\u0307", "\u0131", "\u00df", "SS", "ss",
        "\ud83d\ude00", "\u65e5\u672c\u8a9e", "+", "-", "_", "~", "$HOME", "a\u0000b"
            .replace("\u0000", "\u2400"), "x".repeat(255), "X".repeat(255),
        "\u65e5".repeat(255), "a".repeat(200), "a".repeat(201), "\u00e9".repeat(66),
        "\u00e9".repeat(67), "\ud800", "\udc00x", "loss", "lr/group.0", "@type", "@@x"));
    Random random = new Random(1);
    int[] pool = {'a', 'Z', '.', '/', '\\', ':', '%', '+', ' ', 0xe9, 0x301, 0x130, 0x212b,
        0x1f600, 0x65e5, 0xd800, 0xfeff, 0x7f};
    for (int i = 0; i < 3000; i++) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(i % 10 == 0 ? 255 : 12);
      while (name.length() < length) {
        int cp = random.nextInt(3) == 0 ? pool[random.nextInt(pool.length)]
            : 0x20 + random.nextInt(i % 3 == 0 ? 0x2ff00 : 0x60);
        name.appendCodePoint(cp);
      }
      String s = name.toString();
      names.add(s);
      names.add(s.toUpperCase(Locale.ROOT));
      names.add(Normalizer.normalize(s, Normalizer.Form.NFC));
      names.add(Normalizer.normalize(s, Normalizer.Form.NFD));
    }
    return names.stream().distinct().toList();
  }

  @Test
  void everyNameBecomesOneSafeSegmentInsideItsFolder() {
    for (String name : names()) {
      String segment = FileNames.encode(name);
      assertThat(segment).as(name).matches(SAFE);
      assertThat(segment.getBytes(StandardCharsets.UTF_8).length).as(name)
          .isLessThanOrEqualTo(FileNames.MAX_SEGMENT);
      assertThat(DEVICES).as(name).doesNotContain(segment.toLowerCase(Locale.ROOT));
      Path file = folder.resolve(segment + Layout.JSON);
      assertThat(file.normalize().getParent()).as(name).isEqualTo(folder);
      assertThat(folder.resolve(segment).normalize().getParent()).as(name).isEqualTo(folder);
    }
  }

  @Test
  void distinctNamesNeverShareAFileNameEvenWhereCaseIsFolded() {
    Map<String, String> owners = new HashMap<>();
    for (String name : names()) {
      String folded = FileNames.encode(name).toLowerCase(Locale.ROOT);
      String earlier = owners.putIfAbsent(folded, name);
      assertThat(earlier).as("%s and %s", earlier, name).isNull();
    }
  }

  @Test
  void plainSegmentsDecodeBackAndLongOnesAreHashed() {
    for (String name : names()) {
      String segment = FileNames.encode(name);
      if (FileNames.isHashed(segment)) {
        assertThat(FileNames.decode(segment)).isEmpty();
        assertThat(segment).endsWith(dev.labbook.internal.Json.sha256(FileNames.bytes(name)));
      } else {
        assertThat(FileNames.decode(segment)).as(segment).contains(name);
      }
    }
    assertThat(FileNames.encode("x".repeat(255))).contains("+");
    assertThat(FileNames.encode("a".repeat(200))).isEqualTo("a".repeat(200));
  }

  @Test
  void readableNamesStayReadable() {
    assertThat(FileNames.encode("loss")).isEqualTo("loss");
    assertThat(FileNames.encode("train-loss_2")).isEqualTo("train-loss_2");
    assertThat(FileNames.encode("lr/group.0")).isEqualTo("lr%2Fgroup%2E0");
    assertThat(FileNames.encode("Accuracy")).isEqualTo("%41ccuracy");
    assertThat(FileNames.encode("..")).isEqualTo("%2E%2E");
    assertThat(FileNames.encode("con")).isEqualTo("%63on");
    assertThat(FileNames.encode("\u00e9")).isEqualTo("%C3%A9");
    assertThat(FileNames.encode("e\u0301")).isEqualTo("e%CC%81");
  }

  @Test
  void segmentsThisClassNeverMakesDecodeToNothing() {
    for (String foreign : List.of(".tmp-1a2b", "%61", "%2e", "A", "a.b", "%", "%4", "%ZZ",
        "%C3", "%C0%AF", "%ED%A0%BD%ED%B8%80", "con", "a+b")) {
      assertThat(FileNames.decode(foreign)).as(foreign).isEmpty();
    }
  }

  @Test
  void everyNameGetsItsOwnFileOnThisFileSystem() throws Exception {
    List<String> names = names();
    for (int i = 0; i < names.size(); i++) {
      Files.writeString(folder.resolve(FileNames.encode(names.get(i)) + Layout.JSON), "" + i);
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.count()).isEqualTo(names.size());
    }
    for (int i = 0; i < names.size(); i++) {
      assertThat(Files.readString(folder.resolve(FileNames.encode(names.get(i)) + Layout.JSON)))
          .isEqualTo("" + i);
    }
  }

  @Test
  void artifactPathsMapSegmentBySegmentAndFilesNeverMeetFolders() {
    Path owner = folder.resolve("owner");
    Path a = Layout.artifact(owner, "a");
    Path ab = Layout.artifact(owner, "a/b");
    assertThat(ab.getParent()).isNotEqualTo(a);
    assertThat(owner.relativize(Layout.artifact(owner, "logs/train.txt")).toString())
        .isEqualTo("artifacts/logs.d/train%2Etxt");
    assertThat(owner.relativize(Layout.artifactDescription(owner, "logs/train.txt")).toString())
        .isEqualTo("artifact-meta/logs.d/train%2Etxt.json");
    String deep = ("\u65e5\u672c".repeat(30) + "/").repeat(30) + "x";
    Path flat = Layout.artifact(owner, deep);
    assertThat(owner.relativize(flat).getNameCount()).isEqualTo(3);
    assertThat(flat.normalize().startsWith(Layout.artifacts(owner))).isTrue();
  }
}
