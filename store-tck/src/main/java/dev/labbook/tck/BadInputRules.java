package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.InvalidInputException;
import dev.labbook.InvalidNameException;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.tck.Samples.Notes;
import dev.labbook.tck.Samples.Optimizer;
import dev.labbook.tck.Samples.Pipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Bad input: every name rule (1 to 255 characters, no control characters, no unpaired
 * surrogates, no white space at either end) holds for experiment names, config names, metric
 * keys and tags, and a broken one is rejected naming the value while nothing is stored; names
 * that are awkward but valid (path-like, reserved device names, case and Unicode-normalisation
 * twins, characters outside the BMP, exactly 255 characters) are kept apart and read back
 * exactly; documents with odd keys, non-finite and extreme numbers, characters outside the BMP
 * and empty values read back exactly, while the three kinds some databases cannot hold
 * (1,000-level nesting, 10 MB strings, NUL characters) either read back exactly or are rejected
 * with InvalidInputException without changing anything; malformed ids, metric points and
 * params are rejected.
 */
abstract class BadInputRules extends Rules {
  /** A name that breaks a rule, and a part of it the rejection's message must show. */
  private record Bad(String name, String shown) {
    @Override
    public String toString() {
      return shown;
    }
  }

  /** Broken names; null is left out where the API cannot even carry it. */
  private static final List<Bad> BAD_NAMES = List.of(
      new Bad("", "empty"),
      new Bad("too-long-" + "n".repeat(247), "too-long-nnn"),
      new Bad("control-nul\u0000x", "control-nul"),
      new Bad("control-tab\tx", "control-tab"),
      new Bad("control-newline\nx", "control-newline"),
      new Bad("control-return\rx", "control-return"),
      new Bad("control-escape\u001Bx", "control-escape"),
      new Bad("control-delete\u007Fx", "control-delete"),
      new Bad("control-c1\u0085x", "control-c1"),
      new Bad("lone-high-surrogate\uD83Dx", "lone-high-surrogate"),
      new Bad("lone-low-surrogate\uDE00x", "lone-low-surrogate"),
      new Bad("ends-with-high-surrogate\uD83D", "ends-with-high-surrogate"),
      new Bad("\uDE00starts-with-low-surrogate", "starts-with-low-surrogate"),
      new Bad("\uDE00\uD83Dreversed-pair", "reversed-pair"),
      new Bad(" leading-space", "leading-space"),
      new Bad("trailing-space ", "trailing-space"),
      new Bad("\u00A0leading-no-break-space", "leading-no-break-space"),
      new Bad("trailing-em-space\u2003", "trailing-em-space"),
      new Bad("trailing-ideographic-space\u3000", "trailing-ideographic-space"),
      new Bad("\u2028leading-line-separator", "leading-line-separator"));

  /** Valid names that a careless backend confuses, mangles or refuses. */
  private static final List<String> AWKWARD_NAMES = List.of(
      ".", "..", "../up", "/", "a/b", "/root", "\\", "C:\\x", ":", "a:b", "*", "?", "<|>",
      "CON", "NUL", "nul", "con.txt", "COM1",
      "Model", "model", "MODEL",
      "\u00E9t\u00E9", "e\u0301te\u0301", // "été" composed (NFC) and decomposed (NFD)
      "\uD83D\uDE00", "\uD835\uDD18\uD835\uDD2B\uD835\uDD26", "\uD83D\uDE00 inner space",
      "n".repeat(255), "\u00E9".repeat(255), "\uD83D\uDE00".repeat(127) + "a",
      "'; drop table experiments; --", "\"", "'", "%", "_", "a%_b", "$where", "{\"$gt\": \"\"}",
      "a.b.c", "@type", "@@x", "#", "null", "true", "0", "-1", "a  b",
      "\u200B", "\uFEFFbom", "a\u200Db", "\u05E9\u05DC\u05D5\u05DD", "x\u202Ey");

  private int documentCount;

  BadInputRules(StoreTck tck) {
    super(tck);
  }

  // ---- names ---------------------------------------------------------------------------------

  @Test
  @CheckedByCore
  void badExperimentNamesAreRejectedNamingTheValueAndNothingIsStored() {
    List<Bad> bad = new ArrayList<>(BAD_NAMES);
    bad.add(new Bad(null, "null"));
    for (Bad name : bad) {
      assertRejected(() -> experiments().create(name.name()), InvalidNameException.class, name);
      assertRejected(() -> experiments().create(ExperimentSpec.named(name.name()).tags("fine")),
          InvalidNameException.class, name);
      assertRejected(() -> experiments().findByName(name.name()), InvalidNameException.class, name);
      assertRejected(() -> experiments().getByName(name.name()), InvalidNameException.class, name);
    }

    assertThat(experiments().list()).isEmpty();
  }

  @Test
  @CheckedByCore
  void renamingAnExperimentToABadNameIsRejectedAndTheExperimentIsUnchanged() {
    Experiment experiment = experiments().create("well-named");
    List<Bad> bad = new ArrayList<>(BAD_NAMES);
    bad.add(new Bad(null, "null"));
    for (Bad name : bad) {
      assertRejected(() -> experiments().update(experiment.withName(name.name())),
          InvalidNameException.class, name);
    }

    assertThat(experiments().get(experiment.id())).isEqualTo(experiment);
    assertThat(experiments().getByName("well-named")).isEqualTo(experiment);
  }

  @Test
  @CheckedByCore
  void badConfigNamesAreRejectedNamingTheValueAndNothingIsStored() {
    for (Bad name : BAD_NAMES) {
      assertRejected(() -> configs().put(new Notes(name.name(), Map.of("k", "v"))),
          InvalidNameException.class, name);
      // A nested config with a bad name fails the whole put: the outer one is not stored either.
      assertRejected(() -> configs().put(new Pipeline("outer", new Optimizer(name.name(), 0.1,
          List.of()), Map.of())), InvalidNameException.class, name);
      assertRejected(() -> configs().find(Notes.class, name.name()), InvalidNameException.class, name);
      assertRejected(() -> configs().contains(Notes.class, name.name()), InvalidNameException.class, name);
    }
    assertRejected(() -> configs().put(new Notes(null, Map.of())), InvalidInputException.class,
        new Bad(null, "name"));

    assertThat(configs().names(Notes.class)).isEmpty();
    assertThat(configs().names(Pipeline.class)).isEmpty();
    assertThat(configs().names(Optimizer.class)).isEmpty();
  }

  @Test
  @CheckedByCore
  void badMetricKeysRejectTheWholeBatchNamingTheKey() {
    Run run = experiments().createRun(experiments().create("metrics").id());
    for (Bad key : BAD_NAMES) {
      assertRejected(() -> experiments().log(run.id(), MetricPoint.of("fine", 0, 1.0),
          MetricPoint.of(key.name(), 1, 2.0)), InvalidNameException.class, key);
      assertRejected(() -> experiments().series(run.id(), key.name()), InvalidNameException.class, key);
    }

    assertThat(experiments().latestMetrics(run.id())).isEmpty();
    assertThat(experiments().series(run.id(), "fine")).isEmpty();
  }

  @Test
  @CheckedByCore
  void badTagsOnANewExperimentAreRejectedNamingTheTagAndNothingIsStored() {
    for (Bad tag : BAD_NAMES) {
      assertRejected(() -> experiments().create(ExperimentSpec.named("tagged").tags("fine", tag.name())),
          InvalidNameException.class, tag);
    }

    assertThat(experiments().list()).isEmpty();
  }

  @Test
  @CheckedByCore
  void badTagsOnANewRunAreRejectedNamingTheTagAndNoRunIsCreated() {
    Experiment experiment = experiments().create("tagged");
    for (Bad tag : BAD_NAMES) {
      assertRejected(() -> experiments().createRun(experiment.id(),
          RunSpec.create().tags("fine", tag.name())), InvalidNameException.class, tag);
    }

    assertThat(experiments().runs(experiment.id())).isEmpty();
    assertThat(experiments().createRun(experiment.id()).number()).isZero();
  }

  @Test
  @CheckedByCore
  void anExperimentUpdateWithABadTagIsRejectedAndTheExperimentIsUnchanged() {
    Experiment experiment = experiments().create(ExperimentSpec.named("tagged").tags("keep"));
    for (Bad tag : BAD_NAMES) {
      assertRejected(() -> experiments().update(experiment.withTags(Set.of("keep", "new", tag.name()))),
          InvalidNameException.class, tag);
    }

    assertThat(experiments().get(experiment.id())).isEqualTo(experiment);
  }

  @Test
  @CheckedByCore
  void aRunUpdateWithABadTagIsRejectedAndTheRunIsUnchanged() {
    Run run = experiments().createRun(experiments().create("tagged").id(), RunSpec.create().tags("keep"));
    for (Bad tag : BAD_NAMES) {
      assertRejected(() -> experiments().updateRun(run.withTags(Set.of("keep", "new", tag.name()))),
          InvalidNameException.class, tag);
    }

    assertThat(experiments().getRun(run.id())).isEqualTo(run);
  }

  @Test
  void awkwardButValidExperimentNamesAreKeptApartAndReadBackExactly() {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String name : AWKWARD_NAMES) {
      Experiment created = experiments().create(name);
      assertThat(created.name()).isEqualTo(name);
      ids.put(name, created.id());
    }

    assertThat(new HashSet<>(ids.values())).hasSameSizeAs(AWKWARD_NAMES);
    for (String name : AWKWARD_NAMES) {
      Experiment found = experiments().getByName(name);
      assertThat(found.id()).as("the experiment named %s", name).isEqualTo(ids.get(name));
      assertThat(found.name()).isEqualTo(name);
    }
    assertThat(experiments().list().map(Experiment::name))
        .containsExactlyInAnyOrderElementsOf(AWKWARD_NAMES);
  }

  @Test
  void awkwardButValidConfigNamesAreKeptApartAndReadBackExactly() {
    for (int i = 0; i < AWKWARD_NAMES.size(); i++) {
      assertThat(configs().put(new Notes(AWKWARD_NAMES.get(i), Map.of("index", (long) i)))).isTrue();
    }

    for (int i = 0; i < AWKWARD_NAMES.size(); i++) {
      String name = AWKWARD_NAMES.get(i);
      assertThat(configs().get(Notes.class, name)).as("the config named %s", name)
          .isEqualTo(new Notes(name, Map.of("index", (long) i)));
    }
    assertThat(configs().names(Notes.class)).as("names sorted by code point")
        .containsExactlyElementsOf(AWKWARD_NAMES.stream().sorted(QueryEvaluator.STRING_ORDER).toList());
  }

  @Test
  void awkwardButValidMetricKeysAreKeptApartAndReadBackExactly() {
    Run run = experiments().createRun(experiments().create("metrics").id());
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < AWKWARD_NAMES.size(); i++) {
      points.add(MetricPoint.of(AWKWARD_NAMES.get(i), i, i * 0.5).at(Instant.ofEpochMilli(i)));
    }
    experiments().log(run.id(), points);

    for (MetricPoint point : points) {
      assertThat(experiments().series(run.id(), point.key())).as("the series of %s", point.key())
          .containsExactly(point);
    }
    assertThat(experiments().latestMetrics(run.id()).keySet())
        .containsExactlyInAnyOrderElementsOf(AWKWARD_NAMES);
  }

  @Test
  void awkwardButValidTagsAreKeptApartAndReadBackExactly() {
    String[] tags = AWKWARD_NAMES.toArray(String[]::new);
    Experiment experiment = experiments().create(ExperimentSpec.named("tagged").tags(tags));
    Run run = experiments().createRun(experiment.id(), RunSpec.create().tags(tags));

    assertThat(experiments().get(experiment.id()).tags()).containsExactlyElementsOf(new TreeSet<>(AWKWARD_NAMES));
    assertThat(experiments().getRun(run.id()).tags()).containsExactlyElementsOf(new TreeSet<>(AWKWARD_NAMES));
  }

  // ---- documents -----------------------------------------------------------------------------

  @Test
  void documentsNestedAThousandLevelsDeepReadBackExactlyOrAreRejected() {
    Object map = "bottom";
    Object list = "bottom";
    for (int i = 0; i < 1_000; i++) {
      map = Map.of("level", map);
      list = List.of(list);
    }
    readsBackExactlyOrIsRejected("a map nested 1,000 levels deep", Map.of("deep", map));
    readsBackExactlyOrIsRejected("a list nested 1,000 levels deep", Map.of("deep", list));
  }

  @Test
  void tenMegabyteStringsReadBackExactlyOrAreRejected() {
    StringBuilder text = new StringBuilder(10 << 20);
    for (int i = 0; text.length() < 10 << 20; i++) {
      text.append("line ").append(i).append(" of a ten megabyte string\n");
    }
    text.setLength(10 << 20);
    readsBackExactlyOrIsRejected("a 10 MB string", Map.of("big", text.toString(), "after", "small"));
  }

  @Test
  void nulCharactersInStringsAndKeysReadBackExactlyOrAreRejected() {
    readsBackExactlyOrIsRejected("NUL characters", Map.of(
        "value with nul", "before\u0000after",
        "only nul", "\u0000",
        "key\u0000with nul", "plain",
        "\u0000", List.of("\u0000\u0000", Map.of("\u0000inner", "x\u0000"))));
  }

  @Test
  void keysWithDotsDollarsAndSlashesReadBackExactly() {
    Map<String, Object> odd = new LinkedHashMap<>();
    odd.put("a.b", 1L);
    odd.put("$dollar", 2L);
    odd.put("in$ide", 3L);
    odd.put("a/b", 4L);
    odd.put("..", 5L);
    odd.put(".", 6L);
    odd.put("/", 7L);
    odd.put("$", 8L);
    odd.put("$gt", Map.of("$in", List.of("$where")));
    odd.put("nested", Map.of("x.y", Map.of("$set", "../../etc", "a/../b", ".")));
    readsBackExactly("keys with '.', '$' and '/'", odd);
  }

  @Test
  void nonFiniteAndSignedZeroDoublesReadBackExactly() {
    Map<String, Object> doubles = new LinkedHashMap<>();
    doubles.put("nan", Double.NaN);
    doubles.put("infinity", Double.POSITIVE_INFINITY);
    doubles.put("negativeInfinity", Double.NEGATIVE_INFINITY);
    doubles.put("negativeZero", -0.0);
    doubles.put("zero", 0.0);
    doubles.put("smallest", Double.MIN_VALUE);
    doubles.put("largest", Double.MAX_VALUE);
    doubles.put("inAList", List.of(Double.NaN, -0.0, Double.NEGATIVE_INFINITY, 1.5));
    readsBackExactly("NaN, infinities and -0.0", doubles);
  }

  @Test
  void theLargestAndSmallestLongsReadBackExactly() {
    readsBackExactly("extreme longs", Map.of(
        "max", Long.MAX_VALUE,
        "min", Long.MIN_VALUE,
        "beyondDoublePrecision", 9_007_199_254_740_993L, // 2^53 + 1: a double cannot hold it
        "inAList", List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L)));
  }

  @Test
  void charactersOutsideTheBasicPlaneReadBackExactly() {
    readsBackExactly("characters outside the BMP", Map.of(
        "emoji", "\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD",
        "\uD83D\uDD11 key", "\uD835\uDD18\uD835\uDD2B\uD835\uDD26",
        "mixed", "a\uD83D\uDE00b\u00E9c\u4E2D",
        "inAList", List.of("\uD800\uDC00", "\uDBFF\uDFFF")));
  }

  @Test
  void emptyStringsMapsListsAndNullsReadBackExactly() {
    Map<String, Object> empties = new LinkedHashMap<>();
    empties.put("", "empty key");
    empties.put("emptyString", "");
    empties.put("emptyMap", Map.of());
    empties.put("emptyList", List.of());
    empties.put("null", null);
    empties.put("nested", Arrays.asList("", Map.of(), List.of(), null, Map.of("", List.of(Map.of()))));
    readsBackExactly("empty strings, maps, lists and nulls", empties);
  }

  @Test
  @CheckedByCore
  void documentsNestedMoreThanTenThousandLevelsDeepAreRejectedAndNothingIsStored() {
    Object deep = "bottom";
    for (int i = 0; i < 10_001; i++) {
      deep = Map.of("level", deep);
    }
    assertDocumentRejected(Map.of("deep", deep), "deeper than");
  }

  @Test
  @CheckedByCore
  void aDocumentThatContainsItselfIsRejectedAndNothingIsStored() {
    Map<String, Object> cycle = new HashMap<>();
    cycle.put("self", cycle);
    assertDocumentRejected(cycle, "contains itself");
  }

  @Test
  @CheckedByCore
  void documentKeysThatAreNotTextAreRejectedAndNothingIsStored() {
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "value");
    Map<Object, Object> numberKey = new HashMap<>();
    numberKey.put(42, "value");
    assertDocumentRejected(Map.of("inner", nullKey), "key");
    assertDocumentRejected(Map.of("inner", numberKey), "key");
  }

  @Test
  @CheckedByCore
  void paramsThatAreNotAnObjectAreRejectedAndNoRunIsCreated() {
    Experiment experiment = experiments().create("params");
    for (Object notAnObject : List.of("text", 42L, 2.5, Double.NaN, true, List.of(1L, 2L),
        Instant.EPOCH, new byte[] {1, 2})) {
      assertThatThrownBy(() -> experiments().createRun(experiment.id(), RunSpec.create().params(notAnObject)))
          .as("params %s", notAnObject.getClass().getSimpleName())
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("params");
    }

    assertThat(experiments().runs(experiment.id())).isEmpty();
    assertThat(experiments().createRun(experiment.id()).number()).isZero();
  }

  @Test
  @CheckedByCore
  void updatesWithDocumentsThatCannotBeEncodedAreRejectedAndChangeNothing() {
    Experiment experiment = experiments().create(ExperimentSpec.named("kept").metadata("a", 1L));
    Run run = experiments().createRun(experiment.id(), RunSpec.create().param("lr", 0.1));
    Map<String, Object> cycle = new HashMap<>();
    cycle.put("self", cycle);
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "value");

    assertThatThrownBy(() -> experiments().update(experiment.withMetadata(cycle)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> experiments().updateRun(run.withResults(Map.of("bad", nullKey))))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> experiments().updateRun(run.withParams(cycle)))
        .isInstanceOf(InvalidInputException.class);

    assertThat(experiments().get(experiment.id())).isEqualTo(experiment);
    assertThat(experiments().getRun(run.id())).isEqualTo(run);
  }

  // ---- metric points and ids -----------------------------------------------------------------

  @Test
  @CheckedByCore
  void aNullMetricPointRejectsTheWholeBatch() {
    Run run = experiments().createRun(experiments().create("metrics").id());

    assertThatThrownBy(() -> experiments().log(run.id(), Arrays.asList(MetricPoint.of("loss", 0, 1.0), null)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("null");

    assertThat(experiments().latestMetrics(run.id())).isEmpty();
  }

  @Test
  @CheckedByCore
  void aNegativeStepRejectsTheWholeBatchNamingTheKeyAndStep() {
    Run run = experiments().createRun(experiments().create("metrics").id());

    assertThatThrownBy(() -> experiments().log(run.id(), MetricPoint.of("loss", 0, 1.0),
        MetricPoint.of("negative-step", -1, 2.0)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative-step")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> experiments().log(run.id(), MetricPoint.of("min-step", Long.MIN_VALUE, 2.0)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("min-step");

    assertThat(experiments().latestMetrics(run.id())).isEmpty();
  }

  @Test
  @CheckedByCore
  void missingAndEmptyIdsAreRejectedAsInvalidInputAndChangeNothing() {
    Experiment experiment = experiments().create(ExperimentSpec.named("kept"));
    Run run = experiments().createRun(experiment.id());

    assertMalformedIdRejected(experiment, run, "", "empty");
    assertMalformedIdRejected(experiment, run, null, "null");
  }

  @Test
  @CheckedByCore
  void idsLongerThanAnyIdAreRejectedAsInvalidInputNamingTheirStart() {
    Experiment experiment = experiments().create(ExperimentSpec.named("kept"));
    Run run = experiments().createRun(experiment.id());

    assertMalformedIdRejected(experiment, run, "overlong-id-" + "x".repeat(10_000), "overlong-id-");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void assertRejected(ThrowingCallable call, Class<? extends Exception> type, Bad name) {
    assertThatThrownBy(call).as("the name %s", name).isInstanceOf(type)
        .hasMessageContaining(name.shown());
  }

  /**
   * Asserts that {@code document} reads back exactly as run params (on a new run and in an
   * update), as experiment metadata (on a new experiment and in an update) and as a config body.
   */
  private void readsBackExactly(String what, Map<String, Object> document) {
    storeEverywhere(what, document, false);
  }

  /**
   * Like {@link #readsBackExactly}, but each write may instead be rejected with
   * {@link InvalidInputException}, provided nothing changed: for the values the primitives'
   * Javadoc lets a backend refuse.
   */
  private void readsBackExactlyOrIsRejected(String what, Map<String, Object> document) {
    storeEverywhere(what, document, true);
  }

  private void storeEverywhere(String what, Map<String, Object> document, boolean mayBeRejected) {
    int n = ++documentCount;
    Experiment home = experiments().findByName("documents")
        .orElseGet(() -> experiments().create("documents"));

    long runsBefore = experiments().runs(home.id()).count();
    try {
      Run run = experiments().createRun(home.id(), RunSpec.create().params(document));
      assertReadBack(what + " as the params of a new run, as returned", document, run.params());
      assertReadBack(what + " as the params of a new run", document, experiments().getRun(run.id()).params());
    } catch (InvalidInputException rejected) {
      mayBeRejected(mayBeRejected, what + " as the params of a new run", rejected);
      assertThat(experiments().runs(home.id()).count()).as("runs after %s was rejected", what)
          .isEqualTo(runsBefore);
    }

    Run plainRun = experiments().createRun(home.id(), RunSpec.create().param("before", "update"));
    try {
      experiments().updateRun(plainRun.withParams(document));
      assertReadBack(what + " as the params of an updated run", document,
          experiments().getRun(plainRun.id()).params());
    } catch (InvalidInputException rejected) {
      mayBeRejected(mayBeRejected, what + " as the params of an updated run", rejected);
      assertThat(experiments().getRun(plainRun.id())).isEqualTo(plainRun);
    }

    String name = "metadata " + n;
    try {
      Experiment created = experiments().create(ExperimentSpec.named(name).metadata(document));
      assertReadBack(what + " as the metadata of a new experiment", document,
          only(experiments().get(created.id()).metadata(), document.keySet()));
    } catch (InvalidInputException rejected) {
      mayBeRejected(mayBeRejected, what + " as the metadata of a new experiment", rejected);
      assertThat(experiments().findByName(name)).as("experiment after %s was rejected", what).isEmpty();
    }

    Experiment plain = experiments().create("plain " + n);
    try {
      experiments().update(plain.withMetadata(document));
      assertReadBack(what + " as the metadata of an updated experiment", document,
          experiments().get(plain.id()).metadata());
    } catch (InvalidInputException rejected) {
      mayBeRejected(mayBeRejected, what + " as the metadata of an updated experiment", rejected);
      assertThat(experiments().get(plain.id())).isEqualTo(plain);
    }

    Notes notes = new Notes("body " + n, document);
    try {
      assertThat(configs().put(notes)).isTrue();
      assertReadBack(what + " as a config body", document, configs().get(Notes.class, notes.name()).body());
    } catch (InvalidInputException rejected) {
      mayBeRejected(mayBeRejected, what + " as a config body", rejected);
      assertThat(configs().contains(Notes.class, notes.name())).as("config after %s was rejected", what)
          .isFalse();
    }
  }

  /** Fails, keeping the rejection as the cause, unless the value may be rejected. */
  private static void mayBeRejected(boolean allowed, String what, InvalidInputException rejected) {
    if (!allowed) {
      fail(what + " was rejected, but must read back exactly: " + rejected.getMessage(), rejected);
    }
  }

  /** Asserts that a document that cannot be encoded is rejected everywhere, storing nothing. */
  private void assertDocumentRejected(Map<?, ?> document, String because) {
    Experiment home = experiments().findByName("documents")
        .orElseGet(() -> experiments().create("documents"));
    long runsBefore = experiments().runs(home.id()).count();
    long experimentsBefore = experiments().list().count();
    @SuppressWarnings("unchecked") // only encoded, never read as a typed map
    Map<String, Object> typed = (Map<String, Object>) document;

    assertThatThrownBy(() -> experiments().createRun(home.id(), RunSpec.create().params(document)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(because);
    assertThatThrownBy(() -> experiments().create(ExperimentSpec.named("rejected").metadata(typed)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(because);
    assertThatThrownBy(() -> configs().put(new Notes("rejected", typed)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(because);

    assertThat(experiments().runs(home.id()).count()).isEqualTo(runsBefore);
    assertThat(experiments().list().count()).isEqualTo(experimentsBefore);
    assertThat(experiments().findByName("rejected")).isEmpty();
    assertThat(configs().names(Notes.class)).isEmpty();
  }

  /**
   * Ids that no record can have are rejected by every call that takes one, with
   * InvalidInputException (not NotFoundException, nor a backend's own error).
   */
  private void assertMalformedIdRejected(Experiment experiment, Run run, String id, String shown) {
    Experiment renumbered = new Experiment(id, "other", null, Set.of(), Map.of(), experiment.created(),
        experiment.updated(), experiment.version());
    Run moved = new Run(id, experiment.id(), run.number(), run.status(), Set.of(), null, Map.of(),
        Map.of(), Map.of(), Map.of(), Map.of(), run.created(), null, run.updated(), null, null, run.version());
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("get", () -> experiments().get(id));
    calls.put("find", () -> experiments().find(id));
    calls.put("update", () -> experiments().update(renumbered));
    calls.put("delete", () -> experiments().delete(id));
    calls.put("createRun", () -> experiments().createRun(id));
    calls.put("runs", () -> experiments().runs(id).toList());
    calls.put("getRun", () -> experiments().getRun(id));
    calls.put("findRun", () -> experiments().findRun(id));
    calls.put("updateRun", () -> experiments().updateRun(moved));
    calls.put("deleteRun", () -> experiments().deleteRun(id));
    calls.put("log", () -> experiments().log(id, MetricPoint.of("loss", 0, 1.0)));
    calls.put("series", () -> experiments().series(id, "loss"));
    calls.put("latestMetrics", () -> experiments().latestMetrics(id));
    for (Map.Entry<String, ThrowingCallable> call : calls.entrySet()) {
      assertThatThrownBy(call.getValue()).as("%s with the id %s", call.getKey(), shown)
          .isInstanceOf(InvalidInputException.class).hasMessageContaining(shown);
    }

    assertThat(experiments().list().toList()).containsExactly(experiment);
    assertThat(experiments().runs(experiment.id()).toList()).containsExactly(run);
    assertThat(experiments().latestMetrics(run.id())).isEmpty();
  }

  private static Map<String, Object> only(Map<String, Object> map, Set<String> keys) {
    Map<String, Object> kept = new LinkedHashMap<>();
    for (String key : keys) {
      if (map.containsKey(key)) {
        kept.put(key, map.get(key));
      }
    }
    return kept;
  }

  /** Fails naming the first difference, without printing huge or deeply nested values whole. */
  private static void assertReadBack(String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      fail("%s did not read back exactly: %s", what, difference("$", expected, actual));
    }
  }

  private static String difference(String path, Object expected, Object actual) {
    if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
      Set<Object> keys = new LinkedHashSet<>(e.keySet());
      keys.addAll(a.keySet());
      for (Object key : keys) {
        String at = path + "[" + (key instanceof String k ? shown(k) : String.valueOf(key)) + "]";
        if (!a.containsKey(key)) {
          return at + " is missing";
        } else if (!e.containsKey(key)) {
          return at + " was not written but is there: " + brief(a.get(key));
        } else if (!Objects.equals(e.get(key), a.get(key))) {
          return difference(at, e.get(key), a.get(key));
        }
      }
    } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
      if (e.size() != a.size()) {
        return path + " has " + a.size() + " elements instead of " + e.size();
      }
      for (int i = 0; i < e.size(); i++) {
        if (!Objects.equals(e.get(i), a.get(i))) {
          return difference(path + "[" + i + "]", e.get(i), a.get(i));
        }
      }
    }
    return path + " is " + brief(actual) + " instead of " + brief(expected);
  }

  /** A short, one-line description of a value with its type. */
  private static String brief(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String s) {
      return "a String of " + s.length() + " chars " + shown(s);
    } else if (value instanceof Map<?, ?> m) {
      return "a map of " + m.size() + " entries";
    } else if (value instanceof List<?> l) {
      return "a list of " + l.size() + " elements";
    }
    return value.getClass().getSimpleName() + " " + value;
  }

  /** A string in quotes, cut to 40 chars, with control characters escaped. */
  private static String shown(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.substring(0, Math.min(40, text.length())).chars().forEach(c -> out.append(
        Character.isISOControl(c) || c == '"' ? String.format("\\u%04X", c) : String.valueOf((char) c)));
    return out.append(text.length() > 40 ? "…\"" : "\"").toString();
  }
}
