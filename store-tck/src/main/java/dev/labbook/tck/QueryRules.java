package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.InvalidInputException;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.Filter;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.QuerySyntaxException;
import dev.labbook.query.Sort;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Queries: every store answers run and experiment queries exactly as core's reference evaluator
 * ({@code QueryEvaluator}) does. Each rule that asks a store builds the same corpus (seven
 * experiments, 39 runs with params of mixed types, nested and missing fields, tags, every
 * status, comments, results, metrics and times) in the store under test and in a private
 * in-memory reference store, in the same order under the same clock, then asks both the same
 * queries, in their string and builder forms, and expects the same records in the same order,
 * compared by experiment name and run number. Every query's reference answer is checked to
 * select some but not all records (or nothing, or everything, where that is the point), and
 * every sort to change the id order, so no rule passes vacuously.
 */
abstract class QueryRules extends Rules {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant STARTED_TOGETHER = Instant.parse("2026-03-01T01:00:00Z");
  private static final Instant STARTED_EARLY = Instant.parse("2026-02-28T23:00:00Z");
  private static final Instant ENDED_LATE = Instant.parse("2026-03-02T12:00:00Z");
  private static final String VISION = "vision";
  private static final String TEXT = "text";
  private static final String TABULAR = "tabular";
  private static final List<String> WITH_RUNS = List.of(VISION, TEXT, TABULAR);
  private static final int RUNS = 40;
  /** Deleted after the corpus is built, so its number stays unused. */
  private static final int DELETED = 11;
  private static final Object MISSING = new Object();

  private final StepClock clock = new StepClock();
  private Corpus tested;
  private Corpus expected;

  QueryRules(StoreTck tck) {
    super(tck);
    useClock(clock);
  }

  // ---- filters -------------------------------------------------------------------------------

  @Test
  void equalityMatchesOnlyTheSameValueOfTheSameKind() {
    sameRuns(
        q("params.name = 'adam'", Filter.eq("params.name", "adam")),
        q("params.name != 'adam'", Filter.ne("params.name", "adam")),
        q("params.name = 'it''s'", Filter.eq("params.name", "it's")),
        q("params.flag = true", Filter.eq("params.flag", true)),
        q("params.flag != false", Filter.ne("params.flag", false)),
        q("params.flag = 'true'", Filter.eq("params.flag", "true")),
        q("params.batch = 32", Filter.eq("params.batch", 32)),
        q("params.batch != 32", Filter.ne("params.batch", 32)),
        q("params.batch = '32'", Filter.eq("params.batch", "32")),
        q("params.lr = '0.01'", Filter.eq("params.lr", "0.01")),
        q("status = 'COMPLETED'", Filter.eq("status", RunStatus.COMPLETED)),
        q("status != 'QUEUED'", Filter.ne("status", "QUEUED")),
        q("comment = 'first try'", Filter.eq("comment", "first try")),
        q("comment = 'it\\'s fine'", Filter.eq("comment", "it's fine")),
        q("comment != ''", Filter.ne("comment", "")),
        q("number = 3", Filter.eq("number", 3L)));
  }

  @Test
  void orderingComparisonsHoldOnlyBetweenTwoNumbersOrTwoStrings() {
    sameRuns(
        q("params.batch > 9", Filter.gt("params.batch", 9)),
        q("params.batch >= 32", Filter.ge("params.batch", 32)),
        q("params.batch < 32", Filter.lt("params.batch", 32)),
        q("params.batch <= 9", Filter.le("params.batch", 9)),
        q("params.batch > '1'", Filter.gt("params.batch", "1")),
        q("params.lr <= 0.01", Filter.le("params.lr", 0.01)),
        q("params.dropout > 0", Filter.gt("params.dropout", 0)),
        q("params.dropout < 0", Filter.lt("params.dropout", 0)),
        q("params.name < 'a'", Filter.lt("params.name", "a")),
        q("params.name >= 'adam'", Filter.ge("params.name", "adam")),
        q("comment > 'F'", Filter.gt("comment", "F")),
        q("number >= 5", Filter.ge("number", 5)),
        q("status < 'PRUNED'", Filter.lt("status", RunStatus.PRUNED)),
        q("params.flag > false", Filter.gt("params.flag", false)).none(),
        q("params.flag >= null", Filter.ge("params.flag", null)).none());
  }

  @Test
  void stringsCompareAndSortByUnicodeCodePoint() {
    // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit.
    sameRuns(
        q("params.name > 'zeta'", Filter.gt("params.name", "zeta")),
        q("params.name > '\uFF62'", Filter.gt("params.name", "\uFF62")),
        q("params.name < '\uD83D\uDE00'", Filter.lt("params.name", "\uD83D\uDE00")),
        q("params.name >= 'Z' and params.name < 'a'",
            Filter.and(Filter.ge("params.name", "Z"), Filter.lt("params.name", "a"))),
        q("comment < 'ça'", Filter.lt("comment", "ça")));
    sameRunsSorted(Sort.asc("params.name"));
    sameRunsSorted(Sort.desc("params.name"));
    sameRunsSorted(Sort.asc("comment"));
  }

  @Test
  void inMatchesAnyListedValueAndAnEmptyListMatchesNothing() {
    sameRuns(
        q("params.batch in (32, 64)", Filter.in("params.batch", 32, 64)),
        q("params.name in ('adam', 'sgd', 'none')", Filter.in("params.name", "adam", "sgd", "none")),
        q("status in ('FAILED', 'CANCELLED', 'PRUNED')",
            Filter.in("status", RunStatus.FAILED, RunStatus.CANCELLED, RunStatus.PRUNED)),
        q("params.flag in (true, null)", Filter.in("params.flag", true, null)),
        q("params.lr in ('0.01', 0.1)", Filter.in("params.lr", "0.01", 0.1)),
        q("not params.batch in (32, 64)", Filter.not(Filter.in("params.batch", 32, 64))),
        q("number in (0, 2, 11)", Filter.in("number", 0, 2, 11)),
        built(Filter.in("params.batch")).none(),
        built(Filter.not(Filter.in("status"))).all());
  }

  @Test
  void existsHoldsForEveryPresentValueAndNullDiffersFromMissing() {
    sameRuns(
        q("exists params.flag", Filter.exists("params.flag")),
        q("not exists params.flag", Filter.not(Filter.exists("params.flag"))),
        q("params.flag = null", Filter.eq("params.flag", null)),
        q("params.flag != null", Filter.ne("params.flag", null)),
        q("exists params.opt.lr", Filter.exists("params.opt.lr")),
        q("params.opt.lr = null", Filter.eq("params.opt.lr", null)),
        q("exists args.epochs", Filter.exists("args.epochs")),
        q("exists results.best.epoch", Filter.exists("results.best.epoch")),
        q("exists metrics.loss", Filter.exists("metrics.loss")),
        q("comment = null", Filter.eq("comment", null)),
        q("comment != null", Filter.ne("comment", null)),
        q("started = null", Filter.eq("started", null)),
        q("ended != null", Filter.ne("ended", null)),
        q("exists comment", Filter.exists("comment")).all());
  }

  @Test
  void containsFindsElementsOfTagsAndOfArraysInDocuments() {
    sameRuns(
        q("tags contains 'baseline'", Filter.contains("tags", "baseline")),
        q("tags contains 'Baseline'", Filter.contains("tags", "Baseline")),
        q("tags contains 'ünï'", Filter.contains("tags", "ünï")),
        q("not tags contains 'gpu'", Filter.not(Filter.contains("tags", "gpu"))),
        q("params.layers contains 64", Filter.contains("params.layers", 64)),
        q("params.layers contains '64'", Filter.contains("params.layers", "64")),
        q("params.layers contains 0", Filter.contains("params.layers", 0)),
        q("params.layers contains null", Filter.contains("params.layers", null)),
        q("params.opt.betas contains 0.9", Filter.contains("params.opt.betas", 0.9)),
        q("args.files contains 'a.csv'", Filter.contains("args.files", "a.csv")),
        q("params.name contains 'a'", Filter.contains("params.name", "a")).none(),
        q("tags contains 'nothing'", Filter.contains("tags", "nothing")).none());
  }

  @Test
  void andOrAndNotCombineConditionsWithNotBindingTighterThanAndThanOr() {
    sameRuns(
        q("params.batch > 9 and tags contains 'gpu'",
            Filter.and(Filter.gt("params.batch", 9), Filter.contains("tags", "gpu"))),
        q("status = 'COMPLETED' or status = 'FAILED' and params.flag = true",
            Filter.or(Filter.eq("status", "COMPLETED"),
                Filter.and(Filter.eq("status", "FAILED"), Filter.eq("params.flag", true)))),
        q("(status = 'COMPLETED' or status = 'FAILED') and params.flag = true",
            Filter.and(Filter.or(Filter.eq("status", "COMPLETED"), Filter.eq("status", "FAILED")),
                Filter.eq("params.flag", true))),
        q("not params.batch > 9", Filter.not(Filter.gt("params.batch", 9))),
        q("params.batch > 9 or params.batch <= 9",
            Filter.or(Filter.gt("params.batch", 9), Filter.le("params.batch", 9))),
        q("NOT params.flag = true AND exists params.flag",
            Filter.and(Filter.not(Filter.eq("params.flag", true)), Filter.exists("params.flag"))),
        q("not (params.name = 'adam' or params.name = 'Adam')",
            Filter.not(Filter.or(Filter.eq("params.name", "adam"), Filter.eq("params.name", "Adam")))),
        q("not not tags contains 'gpu'", Filter.not(Filter.not(Filter.contains("tags", "gpu")))),
        built(Filter.and()).all(),
        built(Filter.or()).none(),
        q("", Filter.all()).all());
  }

  @Test
  void nestedPathsFollowObjectKeysAndFindNothingBelowScalarsOrInsideArrays() {
    sameRuns(
        q("params.opt.lr = 0.01", Filter.eq("params.opt.lr", 0.01)),
        q("params.opt.lr != 0.01", Filter.ne("params.opt.lr", 0.01)),
        q("params.opt.name = 'adam'", Filter.eq("params.opt.name", "adam")),
        q("params.opt.inner.depth = 2", Filter.eq("params.opt.inner.depth", 2)),
        q("params.opt.inner.depth > 2", Filter.gt("params.opt.inner.depth", 2)),
        q("exists params.opt.inner", Filter.exists("params.opt.inner")),
        q("params.\"warm.up\" >= 8", Filter.ge("params.\"warm.up\"", 8)),
        q("params.`warm.up` < 8", Filter.lt("params.`warm.up`", 8)),
        q("params.@scale > 2", Filter.gt("params.@scale", 2)),
        q("params.opt.inner.@tag = 'x'", Filter.eq("params.opt.inner.@tag", "x")),
        q("results.best.epoch >= 2", Filter.ge("results.best.epoch", 2)),
        q("results.accuracy > 0.7", Filter.gt("results.accuracy", 0.7)),
        q("extras.git.dirty = true", Filter.eq("extras.git.dirty", true)),
        q("env.CUDA_VISIBLE_DEVICES = '0,1'", Filter.eq("env.CUDA_VISIBLE_DEVICES", "0,1")),
        q("args.verbose = false", Filter.eq("args.verbose", false)),
        q("params.layers = 64", Filter.eq("params.layers", 64)).none(),
        q("params.layers.0 = 64", Filter.eq("params.layers.0", 64)).none(),
        q("exists params.opt.betas.0", Filter.exists("params.opt.betas.0")).none(),
        q("params.opt = 'plain'", Filter.eq("params.opt", "plain")));
  }

  @Test
  void numbersOfDifferentTypesCompareByValue() {
    sameRuns(
        q("params.batch = 32.0", Filter.eq("params.batch", new BigDecimal("32.000"))),
        q("params.batch = 32", Filter.eq("params.batch", 32L)),
        q("params.batch >= 1e3", Filter.ge("params.batch", 1000.0f)),
        q("params.lr = 0.01", Filter.eq("params.lr", new BigDecimal("0.0100"))),
        q("params.lr = 1e-2", Filter.eq("params.lr", 0.01)),
        q("params.lr = 0.1", Filter.eq("params.lr", 0.1f)),
        q("params.lr = 1", Filter.eq("params.lr", 1.0)),
        q("params.lr = 0.001", Filter.eq("params.lr", new BigDecimal("1E-3"))),
        q("params.seed = 9007199254740993", Filter.eq("params.seed", 9007199254740993L)),
        q("params.seed = 9007199254740992", Filter.eq("params.seed", 9007199254740992.0)),
        q("params.seed > 9007199254740992", Filter.gt("params.seed", 9007199254740992L)),
        q("params.seed = 18446744073709551617",
            Filter.eq("params.seed", new BigInteger("18446744073709551617"))),
        q("params.seed > 9223372036854775807", Filter.gt("params.seed", Long.MAX_VALUE)),
        q("params.seed < 0", Filter.lt("params.seed", 0)),
        q("params.dropout = 0", Filter.eq("params.dropout", 0.0)),
        q("params.dropout = -0.0", Filter.eq("params.dropout", -0.0)),
        q("params.dropout = 0.5", Filter.eq("params.dropout", new BigDecimal("0.5"))),
        q("params.dropout > 1e308", Filter.gt("params.dropout", 1e308)),
        built(Filter.gt("params.dropout", Double.NEGATIVE_INFINITY)),
        built(Filter.le("params.dropout", Double.POSITIVE_INFINITY)),
        built(Filter.eq("params.dropout", Double.NaN)).none(),
        built(Filter.ne("params.dropout", Double.NaN)).all());
  }

  // ---- order ---------------------------------------------------------------------------------

  @Test
  void sortingByADocumentPathFollowsTheTotalOrderOfValueKinds() {
    // missing and null, then false, true, NaN, -Infinity, numbers, +Infinity, strings, arrays
    // and objects; equal numbers of any type tie.
    for (String path : List.of("params.batch", "params.dropout", "params.flag", "params.opt",
        "params.lr", "params.seed", "params.layers", "params.opt.lr", "results.accuracy")) {
      sameRunsSorted(Sort.asc(path));
    }
  }

  @Test
  void descendingSortsReverseEachKeyButStillBreakTiesByAscendingId() {
    for (String path : List.of("params.batch", "params.dropout", "params.flag", "params.opt",
        "params.lr", "params.seed", "params.name", "number", "created", "ended")) {
      sameRunsSorted(Sort.desc(path));
    }
  }

  @Test
  void sortingByTopLevelFieldsOrdersNumbersStatusesCommentsAndTimes() {
    for (String field : List.of("number", "status", "comment", "started", "updated",
        "ended", "heartbeat", "experimentId")) {
      sameRunsSorted(Sort.asc(field));
    }
    sameRunsSorted(Sort.desc("id"));
  }

  @Test
  void recordsThatTieOnEverySortKeyAreOrderedById() {
    // Every key here leaves many runs tied; only the id tie-breaker fixes their order.
    for (Sort key : List.of(Sort.asc("status"), Sort.desc("status"), Sort.asc("params.flag"),
        Sort.asc("metrics.loss"), Sort.asc("started"), Sort.desc("tags"), Sort.asc("params.layers"),
        Sort.desc("params.opt"))) {
      compareRuns(Query.all().orderBy(key), "every run ordered by " + key, Size.ALL);
    }
  }

  @Test
  void multiKeySortsCompareEachKeyInTurn() {
    sameRunsSorted(Sort.asc("status"), Sort.desc("params.batch"));
    sameRunsSorted(Sort.desc("params.flag"), Sort.asc("metrics.loss"), Sort.desc("number"));
    sameRunsSorted(Sort.asc("tags"), Sort.desc("comment"));
    sameRunsSorted(Sort.asc("experimentId"), Sort.desc("number"));
    sameRunsSorted(Sort.desc("started"), Sort.asc("params.name"), Sort.desc("id"));
    compareRuns(Query.parse("params.batch > 9").orderBy(Sort.desc("status"), Sort.asc("params.lr")),
        "params.batch > 9 ordered by status desc, params.lr", Size.SOME);
  }

  @Test
  void aLimitReturnsTheFirstRecordsOfTheOrder() {
    List<Query> queries = List.of(Query.all(),
        Query.parse("params.batch > 9").orderBy("params.batch", Direction.DESC),
        Query.all().orderBy(Sort.asc("status"), Sort.asc("params.dropout")),
        Query.parse("tags contains 'gpu'").orderBy("metrics.loss", Direction.ASC));
    for (Query query : queries) {
      List<String> whole = compareRuns(query, query.toString(), null);
      for (int limit : List.of(1, 2, 5, 17, 1000)) {
        List<String> limited = compareRuns(query.limit(limit), query + " limited to " + limit, null);
        assertThat(limited).as("%s limited to %s", query, limit)
            .containsExactlyElementsOf(whole.subList(0, Math.min(limit, whole.size())));
      }
    }
  }

  // ---- paging --------------------------------------------------------------------------------

  @Test
  void walkingPagesWithCursorsYieldsTheOneShotListPageByPage() {
    for (Query query : pagedQueries()) {
      for (int size : List.of(1, 2, 3, 7, 100)) {
        samePages(query, size, false);
      }
    }
  }

  @Test
  void cursorTokensResumeAfterNotANumberInfinitiesBigIntegersAndMissingValues() {
    for (String path : List.of("params.dropout", "params.seed", "params.batch", "metrics.loss",
        "params.name", "params.opt")) {
      for (Direction direction : Direction.values()) {
        for (int size : List.of(1, 4)) {
          samePages(Query.all().orderBy(path, direction), size, true);
        }
      }
    }
  }

  @Test
  void pagingResumesAfterTheCursorsRecordEvenWhenThatRecordWasDeleted() {
    corpus();
    Query query = Query.all().orderBy(Sort.asc("params.batch"), Sort.desc("status"));
    List<String> whole = runsIn(expected, VISION, query);
    List<String> walked = deletingWalk(tested, query);
    assertThat(walked).as("pages of %s while deleting each page's last run", query)
        .containsExactlyElementsOf(deletingWalk(expected, query))
        .containsExactlyElementsOf(whole);
    assertThat(runsIn(tested, VISION, Query.all())).as("vision's runs after the deletions")
        .containsExactlyElementsOf(runsIn(expected, VISION, Query.all()));
  }

  // ---- metrics, times, experiments ------------------------------------------------------------

  @Test
  void metricFieldsHoldTheLatestValueOfEachKey() {
    // The latest value is that of the highest step; among equal steps the one logged last.
    sameRuns(
        q("metrics.loss < 0.15", Filter.lt("metrics.loss", 0.15)),
        q("metrics.loss = 0.25", Filter.eq("metrics.loss", 0.25)),
        q("metrics.loss = 0.05", Filter.eq("metrics.loss", 0.05)),
        q("metrics.loss = 0", Filter.eq("metrics.loss", 0)),
        q("metrics.loss > 1", Filter.gt("metrics.loss", 1)),
        q("metrics.\"train.loss\" >= 0.1", Filter.ge("metrics.\"train.loss\"", 0.1)),
        q("exists metrics.acc", Filter.exists("metrics.acc")),
        q("not exists metrics.loss", Filter.not(Filter.exists("metrics.loss"))),
        q("metrics.@grad > 10", Filter.gt("metrics.@grad", 10)),
        q("metrics.loss = 9", Filter.eq("metrics.loss", 9)).none(),
        q("metrics.loss = 1", Filter.eq("metrics.loss", 1)).none());
    sameRunsSorted(Sort.asc("metrics.loss"));
    sameRunsSorted(Sort.desc("metrics.loss"));
    sameRunsSorted(Sort.desc("metrics.\"train.loss\""));
    sameRunsSorted(Sort.asc("metrics.@grad"));
  }

  @Test
  void timeFieldsCompareWithIsoInstantsDatesAndEpochMilliseconds() {
    Instant minute = T0.plusSeconds(60);
    sameRuns(
        q("created > '2026-03-01T00:01:00Z'", Filter.gt("created", "2026-03-01T00:01:00Z")),
        q("created <= '2026-03-01T02:01:00+02:00'", Filter.le("created", minute)),
        q("created > " + minute.toEpochMilli(), Filter.gt("created", minute.toEpochMilli())),
        q("created >= '2026-03-01T00:01:00.0009Z'", Filter.ge("created", "2026-03-01T00:01:00Z")),
        q("started = '2026-03-01T01:00:00Z'", Filter.eq("started", STARTED_TOGETHER)),
        q("started < '2026-03-01'", Filter.lt("started", "2026-03-01")),
        q("started in ('2026-03-01T01:00:00Z', '2026-02-28T23:00:00Z')",
            Filter.in("started", STARTED_TOGETHER, STARTED_EARLY)),
        q("ended >= '2026-03-02'", Filter.ge("ended", "2026-03-02")),
        q("ended < '2026-03-02' or ended = null",
            Filter.or(Filter.lt("ended", "2026-03-02"), Filter.eq("ended", null))),
        q("heartbeat != null", Filter.ne("heartbeat", null)),
        q("updated > '2026-03-01T00:01:30.500Z'", Filter.gt("updated", "2026-03-01T00:01:30.500Z")));
  }

  @Test
  void queriesOverAllExperimentsReturnRunsOfEveryExperiment() {
    corpus();
    for (Function<Corpus, Query> query : List.<Function<Corpus, Query>>of(
        c -> Query.all().orderBy(Sort.asc("number"), Sort.asc("experimentId")),
        c -> Query.where(Filter.in("experimentId", c.id(VISION), c.id(TABULAR)))
            .orderBy(Sort.desc("experimentId"), Sort.asc("number")),
        c -> Query.where(Filter.ne("experimentId", c.id(TEXT))).orderBy("params.batch", Direction.ASC),
        c -> Query.parse("params.batch > 9 and number < 6").orderBy("metrics.loss", Direction.DESC),
        c -> Query.where(Filter.in("experimentId", c.id(TEXT), c.id(TABULAR)))
            .orderBy("status", Direction.ASC).limit(6))) {
      List<String> want = keys(expected, expected.store.runs(query.apply(expected)));
      assertThat(keys(tested, tested.store.runs(query.apply(tested))))
          .as("runs of every experiment for %s", query.apply(expected))
          .containsExactlyElementsOf(want);
      assertThat(want).as("the reference's answer to %s", query.apply(expected))
          .isNotEmpty().hasSizeLessThan(expected.runs + 1);
      assertThat(want.stream().map(k -> k.substring(0, k.indexOf('#'))).distinct().count())
          .as("experiments in the answer to %s", query.apply(expected)).isGreaterThan(1);
    }
  }

  @Test
  void experimentQueriesFilterAndSortOnMetadataNamesDescriptionsAndTags() {
    sameExperiments(List.of(),
        q("metadata.gpu = 'a100'", Filter.eq("metadata.gpu", "a100")),
        q("metadata.budget > 10", Filter.gt("metadata.budget", 10)),
        q("metadata.budget >= 7.5", Filter.ge("metadata.budget", new BigDecimal("7.5"))),
        q("metadata.budget = 12", Filter.eq("metadata.budget", 12.0)),
        q("metadata.budget = '12'", Filter.eq("metadata.budget", "12")),
        q("metadata.owner.team = 'cv'", Filter.eq("metadata.owner.team", "cv")),
        q("exists metadata.owner.team", Filter.exists("metadata.owner.team")),
        q("exists metadata.priority", Filter.exists("metadata.priority")),
        q("metadata.priority = null", Filter.eq("metadata.priority", null)),
        q("metadata.labels contains 'y'", Filter.contains("metadata.labels", "y")),
        q("metadata.reviewed = true", Filter.eq("metadata.reviewed", true)),
        q("tags contains 'public'", Filter.contains("tags", "public")),
        q("description = null", Filter.eq("description", null)),
        q("description != null and description > ''",
            Filter.and(Filter.ne("description", null), Filter.gt("description", ""))),
        q("name > 'alpha'", Filter.gt("name", "alpha")),
        q("name in ('vision', 'text', 'Vision')", Filter.in("name", "vision", "text", "Vision")),
        q("updated > '2026-03-01T00:01:00Z'", Filter.gt("updated", "2026-03-01T00:01:00Z")));
    for (Sort key : List.of(Sort.asc("name"), Sort.desc("name"), Sort.asc("metadata.budget"),
        Sort.desc("metadata.budget"), Sort.asc("description"), Sort.desc("updated"),
        Sort.asc("metadata.owner.team"), Sort.desc("id"))) {
      sameExperiments(List.of(key), q("", Filter.all()).all());
    }
  }

  @Test
  void walkingExperimentPagesWithCursorsYieldsTheOneShotList() {
    corpus();
    for (Query query : List.of(Query.all(), Query.all().orderBy("name", Direction.ASC),
        Query.all().orderBy("metadata.budget", Direction.DESC),
        Query.all().orderBy(Sort.asc("description"), Sort.desc("metadata.gpu")),
        Query.parse("metadata.budget != true").orderBy("metadata.owner", Direction.ASC))) {
      List<String> whole = experimentNames(expected.store.list(query));
      assertThat(experimentNames(tested.store.list(query))).as("experiments for %s", query)
          .containsExactlyElementsOf(whole);
      for (int size : List.of(1, 2, 3, 10)) {
        for (boolean tokens : List.of(false, true)) {
          List<List<String>> pages = experimentPages(tested, query, size, tokens);
          assertThat(pages).as("pages of %s experiments for %s", size, query)
              .containsExactlyElementsOf(experimentPages(expected, query, size, tokens));
          assertThat(pages.stream().flatMap(List::stream).toList())
              .as("pages of %s experiments for %s, joined", size, query)
              .containsExactlyElementsOf(whole);
        }
      }
    }
  }

  // ---- rejected queries ----------------------------------------------------------------------

  @Test
  @CheckedByCore
  void queriesNamingUnknownFieldsAreRejectedAndChangeNothing() {
    corpus();
    List<String> before = snapshot(tested);
    for (String[] bad : new String[][] {{"foo = 1", "foo"}, {"params = 1", "params"},
        {"name = 'vision'", "name"}, {"metrics.a.b = 1", "metrics.a.b"}, {"status.x = 1", "status.x"},
        {"metadata.gpu = 'a100'", "metadata.gpu"}}) {
      rejectedRunQuery(Query.parse(bad[0]), bad[1]);
    }
    rejectedRunQuery(Query.all().orderBy("bogus", Direction.ASC), "bogus");
    rejectedRunQuery(Query.all().orderBy("params", Direction.DESC), "params");
    for (String[] bad : new String[][] {{"params.lr = 1", "params.lr"},
        {"status = 'RUNNING'", "status"},
        {"metadata = 1", "metadata"}}) {
      rejectedExperimentQuery(Query.parse(bad[0]), bad[1]);
    }
    rejectedExperimentQuery(Query.all().orderBy("number", Direction.ASC), "number");
    assertThat(snapshot(tested)).as("the store after the rejected queries").isEqualTo(before);
  }

  @Test
  @CheckedByCore
  void aStatusLiteralThatIsNotARunStatusIsRejected() {
    corpus();
    List<String> before = snapshot(tested);
    rejectedRunQuery(Query.parse("status = 'DONE'"), "DONE");
    rejectedRunQuery(Query.parse("status != 'completed'"), "completed");
    rejectedRunQuery(Query.parse("status in ('RUNNING', 'Running')"), "Running");
    rejectedRunQuery(Query.where(Filter.gt("status", 3)), "status");
    rejectedRunQuery(Query.where(Filter.eq("status", null)), "status");
    assertThat(snapshot(tested)).as("the store after the rejected queries").isEqualTo(before);
  }

  @Test
  @CheckedByCore
  void valuesThatCannotBeComparedWithTheirFieldAreRejected() {
    corpus();
    List<String> before = snapshot(tested);
    rejectedRunQuery(Query.parse("created > true"), "created");
    rejectedRunQuery(Query.parse("started < 'yesterday'"), "yesterday");
    rejectedRunQuery(Query.parse("ended = '2026-03-01 12:00'"), "2026-03-01 12:00");
    rejectedRunQuery(Query.parse("tags = 'gpu'"), "tags");
    rejectedRunQuery(Query.parse("tags in ('gpu')"), "tags");
    rejectedRunQuery(Query.parse("status contains 'RUNNING'"), "status");
    rejectedExperimentQuery(Query.parse("created <= 'last week'"), "last week");
    rejectedExperimentQuery(Query.parse("name contains 'a'"), "name");
    assertThat(snapshot(tested)).as("the store after the rejected queries").isEqualTo(before);
  }

  @Test
  @CheckedByCore
  void malformedQueryStringsFailToParseNamingTheirPosition() {
    // Parsing happens before any store sees the query, so no store is needed.
    Object[][] cases = {{"params.lr >", 11}, {"params.lr == 1", 10}, {"status = 'RUNNING", 9},
        {"(params.lr > 1", 14}, {"params.lr > 1 and", 17}, {"params.lr in ()", 14},
        {"params.lr > 1)", 13}, {"params.lr = \"x\"", 12}, {"params. lr = 1", 7},
        {"params.lr ! = 1", 10}, {"params.lr = 1.5.2", 15}};
    for (Object[] c : cases) {
      String text = (String) c[0];
      assertThatThrownBy(() -> Query.parse(text)).as("parsing %s", text)
          .isInstanceOf(QuerySyntaxException.class)
          .hasMessageContaining(text)
          .satisfies(e -> assertThat(((QuerySyntaxException) e).position())
              .as("the position of the error in %s", text).isEqualTo(c[1]));
    }
  }

  @Test
  @CheckedByCore
  void aCursorForAnotherNumberOfSortKeysIsRejected() {
    corpus();
    List<String> before = snapshot(tested);
    Query byStatus = Query.all().orderBy("status", Direction.ASC).limit(2);
    Cursor cursor = tested.store.runPage(tested.id(VISION), byStatus).next().orElseThrow();
    for (Query query : List.of(
        Query.all().orderBy(Sort.asc("status"), Sort.asc("number")).after(cursor),
        Query.all().after(cursor))) {
      for (Runnable call : List.<Runnable>of(() -> tested.store.runPage(tested.id(VISION), query),
          () -> tested.store.runs(query), () -> tested.store.runs(tested.id(TEXT), query))) {
        assertThatThrownBy(call::run).as("a cursor of one sort key for %s", query)
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
      }
    }
    assertThat(snapshot(tested)).as("the store after the rejected queries").isEqualTo(before);
  }

  @Test
  void aCursorResumesAtItsPositionInTheTotalOrderWhetherOrNotItsRecordExists() {
    // Cursors made by hand, as a client may keep one: the values of the position and the id
    // of a run of another experiment, of a deleted run, or the lowest or highest id there is.
    JsonNodeFactory json = JsonNodeFactory.instance;
    String lowest = "00000000-0000-7000-8000-000000000000";
    String highest = "ffffffff-ffff-7fff-bfff-ffffffffffff";
    Object[][] positions = {
        {Sort.asc("params.batch"), json.numberNode(32), lowest},
        {Sort.asc("params.batch"), json.numberNode(32), highest},
        {Sort.asc("params.batch"), json.textNode("32"), lowest},
        {Sort.desc("params.batch"), json.numberNode(20), lowest},
        {Sort.asc("params.batch"), json.nullNode(), TEXT + "#5"},
        {Sort.asc("params.batch"), json.booleanNode(true), highest},
        {Sort.asc("params.dropout"), json.numberNode(Double.NaN), highest},
        {Sort.desc("params.dropout"), json.numberNode(new BigDecimal("0.00")), VISION + "#3"},
        {Sort.asc("status"), json.textNode("FAILED"), "deleted"},
        {Sort.asc("params.name"), json.textNode("\uFF61"), lowest},
        {Sort.asc("params.opt"), json.objectNode(), VISION + "#5"},
        {Sort.desc("metrics.loss"), json.numberNode(Double.POSITIVE_INFINITY), highest},
        {Sort.asc("number"), json.numberNode(3L), TEXT + "#3"},
        {Sort.desc("created"), json.numberNode(T0.plusSeconds(60).toEpochMilli()), lowest}};
    for (Object[] p : positions) {
      Sort key = (Sort) p[0];
      JsonNode value = (JsonNode) p[1];
      String at = (String) p[2];
      compareRuns(c -> Query.all().orderBy(key).after(new Cursor(List.of(value), c.runId(at))),
          "every run ordered by " + key + " after " + value + " and " + at, Size.SOME);
    }
  }

  // ---- comparing the store with the reference ------------------------------------------------

  /** How much of the corpus a query's reference answer must select. */
  private enum Size { SOME, NONE, ALL }

  /** A filter in its string form (null when it has none) and its builder form. */
  private record Case(String text, Filter filter, Size size) {
    Case none() {
      return new Case(text, filter, Size.NONE);
    }

    Case all() {
      return new Case(text, filter, Size.ALL);
    }

    String label() {
      return text != null ? text : filter.toString();
    }
  }

  private static Case q(String text, Filter filter) {
    return new Case(text, filter, Size.SOME);
  }

  private static Case built(Filter filter) {
    return new Case(null, filter, Size.SOME);
  }

  /** Each case, in id order, gives the same runs in the store under test as in the reference. */
  private void sameRuns(Case... cases) {
    for (Case c : cases) {
      List<String> want = compareRuns(Query.where(c.filter), c.label(), c.size);
      if (c.text != null) {
        assertThat(compareRuns(Query.parse(c.text), c.label(), c.size))
            .as("the string form %s and the builder form %s", c.text, c.filter)
            .containsExactlyElementsOf(want);
      }
    }
  }

  /** Every run sorted by the keys: the same order as the reference's, and not just id order. */
  private void sameRunsSorted(Sort... keys) {
    Query query = Query.all().orderBy(keys);
    List<String> want = compareRuns(query, "every run ordered by " + List.of(keys), Size.ALL);
    assertThat(want).as("every run ordered by %s (so that the order is tested)", List.of(keys))
        .isNotEqualTo(keys(expected, expected.store.runs(Query.all())));
  }

  /**
   * Runs the query over all experiments and within each that has runs, in both stores; asserts
   * equal answers and that the reference's answer over all experiments has the expected size.
   *
   * @return the reference's answer over all experiments
   */
  private List<String> compareRuns(Query query, String label, Size size) {
    return compareRuns(c -> query, label, size);
  }

  /** Like {@link #compareRuns(Query, String, Size)} for a query that names the store's ids. */
  private List<String> compareRuns(Function<Corpus, Query> query, String label, Size size) {
    corpus();
    List<String> want = keys(expected, expected.store.runs(query.apply(expected)));
    assertThat(keys(tested, tested.store.runs(query.apply(tested))))
        .as("runs of every experiment for %s", label).containsExactlyElementsOf(want);
    for (String experiment : WITH_RUNS) {
      assertThat(runsIn(tested, experiment, query.apply(tested)))
          .as("runs of %s for %s", experiment, label)
          .containsExactlyElementsOf(runsIn(expected, experiment, query.apply(expected)));
    }
    checkSize(want, expected.runs, "runs", label, size);
    return want;
  }

  private static void checkSize(List<String> answer, int all, String what, String label, Size size) {
    if (size == null) {
      return;
    }
    String as = "the reference's answer to " + label + " (" + what + " of " + all + ")";
    switch (size) {
      case NONE: assertThat(answer).as(as).isEmpty(); break;
      case ALL: assertThat(answer).as(as).hasSize(all); break;
      default:
        assertThat(answer).as(as + " selects some but not all").isNotEmpty().hasSizeLessThan(all);
    }
  }

  private void sameExperiments(List<Sort> sort, Case... cases) {
    corpus();
    for (Case c : cases) {
      List<Query> forms = new ArrayList<>(List.of(Query.where(c.filter)));
      if (c.text != null) {
        forms.add(Query.parse(c.text));
      }
      Sort[] keys = sort.toArray(Sort[]::new);
      List<String> want = experimentNames(expected.store.list(forms.get(0).orderBy(keys)));
      for (Query form : forms) {
        Query query = form.orderBy(keys);
        assertThat(experimentNames(expected.store.list(query))).as("the reference for %s", query)
            .containsExactlyElementsOf(want);
        assertThat(experimentNames(tested.store.list(query))).as("experiments for %s", query)
            .containsExactlyElementsOf(want);
      }
      checkSize(want, expected.experiments, "experiments", c.label(), c.size);
      if (!sort.isEmpty()) {
        assertThat(want).as("experiments ordered by %s (so that the order is tested)", sort)
            .isNotEqualTo(experimentNames(expected.store.list()));
      }
    }
  }

  /** The same pages, page by page, as the reference, joining up to the one-shot list. */
  private void samePages(Query query, int size, boolean tokens) {
    corpus();
    for (String experiment : WITH_RUNS) {
      List<String> whole = runsIn(expected, experiment, query);
      List<List<String>> pages = runPages(tested, experiment, query, size, tokens);
      assertThat(pages).as("pages of %s runs of %s for %s", size, experiment, query)
          .containsExactlyElementsOf(runPages(expected, experiment, query, size, tokens));
      assertThat(pages.stream().flatMap(List::stream).toList())
          .as("pages of %s runs of %s for %s, joined", size, experiment, query)
          .containsExactlyElementsOf(whole)
          .containsExactlyElementsOf(runsIn(tested, experiment, query));
      if (experiment.equals(VISION) && size < whole.size()) {
        assertThat(pages).as("pages of %s runs of %s", size, experiment).hasSizeGreaterThan(1);
      }
    }
  }

  private List<Query> pagedQueries() {
    return List.of(Query.all(),
        Query.all().orderBy("status", Direction.ASC),
        Query.all().orderBy("params.batch", Direction.DESC),
        Query.all().orderBy("params.dropout", Direction.ASC),
        Query.all().orderBy(Sort.asc("params.flag"), Sort.desc("metrics.loss")),
        Query.all().orderBy("tags", Direction.ASC),
        Query.parse("params.batch > 9 or tags contains 'gpu'").orderBy("started", Direction.DESC),
        Query.parse("not exists params.opt.lr").orderBy("params.name", Direction.ASC));
  }

  /** Walks a query's pages of one experiment's runs, following next cursors (or their tokens). */
  private static List<List<String>> runPages(Corpus c, String experiment, Query query, int size,
      boolean tokens) {
    List<List<String>> pages = new ArrayList<>();
    Query next = query.limit(size);
    while (true) {
      Page<Run> page = c.store.runPage(c.id(experiment), next);
      pages.add(keys(c, page.items().stream()));
      if (page.next().isEmpty()) {
        return pages;
      }
      if (pages.size() > c.runs) {
        fail("more pages than runs walking %s by %s: %s", query, size, pages);
      }
      next = tokens ? next.after(page.next().get().token()) : next.after(page.next().get());
    }
  }

  private static List<List<String>> experimentPages(Corpus c, Query query, int size, boolean tokens) {
    List<List<String>> pages = new ArrayList<>();
    Query next = query.limit(size);
    while (true) {
      Page<Experiment> page = c.store.page(next);
      pages.add(page.items().stream().map(Experiment::name).toList());
      if (page.next().isEmpty()) {
        return pages;
      }
      if (pages.size() > c.experiments) {
        fail("more pages than experiments walking %s by %s: %s", query, size, pages);
      }
      next = tokens ? next.after(page.next().get().token()) : next.after(page.next().get());
    }
  }

  /** Walks vision's runs three at a time, deleting the last run of each page before going on. */
  private static List<String> deletingWalk(Corpus c, Query query) {
    List<String> walked = new ArrayList<>();
    Query next = query.limit(3);
    while (true) {
      Page<Run> page = c.store.runPage(c.id(VISION), next);
      walked.addAll(keys(c, page.items().stream()));
      if (page.next().isEmpty()) {
        return walked;
      }
      if (walked.size() > c.runs) {
        fail("more runs than there are walking %s: %s", query, walked);
      }
      c.store.deleteRun(page.items().get(page.items().size() - 1).id());
      next = next.after(page.next().get());
    }
  }

  /** The query fails with InvalidInputException naming the value, in both stores, at once. */
  private void rejectedRunQuery(Query query, String named) {
    corpus();
    for (Corpus c : List.of(tested, expected)) {
      String store = c == tested ? "the store under test" : "the reference";
      List<Runnable> calls = List.of(() -> c.store.runs(query), () -> c.store.runs(c.id(VISION), query),
          () -> c.store.runPage(c.id(VISION), query));
      for (Runnable call : calls) {
        var thrown = assertThatThrownBy(call::run).as("%s answering %s", store, query)
            .isInstanceOf(InvalidInputException.class);
        if (named != null) {
          thrown.hasMessageContaining(named);
        }
      }
    }
  }

  private void rejectedExperimentQuery(Query query, String named) {
    corpus();
    for (Corpus c : List.of(tested, expected)) {
      String store = c == tested ? "the store under test" : "the reference";
      List<Runnable> calls = List.of(() -> c.store.list(query), () -> c.store.page(query));
      for (Runnable call : calls) {
        var thrown = assertThatThrownBy(call::run).as("%s answering %s", store, query)
            .isInstanceOf(InvalidInputException.class);
        if (named != null) {
          thrown.hasMessageContaining(named);
        }
      }
    }
  }

  /** Every record with its version, to show that nothing changed. */
  private static List<String> snapshot(Corpus c) {
    List<String> all = new ArrayList<>();
    try (Stream<Experiment> experiments = c.store.list()) {
      experiments.forEach(e -> all.add(e.name() + " v" + e.version()));
    }
    try (Stream<Run> runs = c.store.runs(Query.all())) {
      runs.forEach(r -> all.add(c.name(r.experimentId()) + "#" + r.number() + " v" + r.version()
          + " " + c.store.latestMetrics(r.id()).keySet().stream().sorted().toList()));
    }
    return all;
  }

  private static List<String> runsIn(Corpus c, String experiment, Query query) {
    return keys(c, c.store.runs(c.id(experiment), query));
  }

  /** Runs as {@code <experiment name>#<number>}: the same in every store. */
  private static List<String> keys(Corpus c, Stream<Run> runs) {
    try (runs) {
      return runs.map(r -> c.name(r.experimentId()) + "#" + r.number()).toList();
    }
  }

  private static List<String> experimentNames(Stream<Experiment> experiments) {
    try (experiments) {
      return experiments.map(Experiment::name).toList();
    }
  }

  // ---- the corpus ----------------------------------------------------------------------------

  /** Builds the corpus in the store under test and in the reference, once per rule. */
  private void corpus() {
    if (tested == null) {
      tested = build(experiments());
      expected = build(reference().experiments());
      assertThat(snapshot(tested)).as("the corpus in the store under test")
          .containsExactlyElementsOf(snapshot(expected));
    }
  }

  /** The stores' records: experiment names by id and back. */
  private static final class Corpus {
    final ExperimentStore store;
    final Map<String, String> names = new HashMap<>();
    final Map<String, String> ids = new HashMap<>();
    final Map<String, String> runIds = new HashMap<>();
    int experiments;
    int runs;

    Corpus(ExperimentStore store) {
      this.store = store;
    }

    String name(String experimentId) {
      return names.getOrDefault(experimentId, "?" + experimentId);
    }

    String id(String experimentName) {
      return ids.get(experimentName);
    }

    /** The id of a run named {@code <experiment>#<number>}, of the deleted run, or {@code at}. */
    String runId(String at) {
      return runIds.getOrDefault(at, at);
    }
  }

  /**
   * Writes the corpus, each write at its own second after {@link #T0} (so times and id order
   * are the same in every store built this way).
   */
  private Corpus build(ExperimentStore store) {
    Corpus c = new Corpus(store);
    clock.restart();
    for (ExperimentSpec spec : experimentSpecs()) {
      clock.tick();
      Experiment e = store.create(spec);
      c.names.put(e.id(), e.name());
      c.ids.put(e.name(), e.id());
      c.experiments++;
    }
    String deleted = null;
    List<Run> touchedLater = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      String experiment = i % 8 < 5 ? VISION : i % 8 < 7 ? TEXT : TABULAR;
      clock.tick();
      Run run = store.createRun(c.id(experiment), runSpec(i));
      c.runs++;
      c.runIds.put(i == DELETED ? "deleted" : experiment + "#" + run.number(), run.id());
      Run changed = changed(run, i);
      if (changed != run) {
        clock.tick();
        run = store.updateRun(changed);
      }
      if (i % 10 == 2) {
        touchedLater.add(run);
      }
      List<MetricPoint> points = metrics(i);
      if (!points.isEmpty()) {
        clock.tick();
        store.log(run.id(), points);
      }
      if (i == 10) { // a later point at the same step as the last one: it is the latest
        clock.tick();
        store.log(run.id(), MetricPoint.of("loss", 2, 0.25));
      }
      if (i == DELETED) {
        deleted = run.id();
      }
    }
    for (Run run : touchedLater) { // so that updated times do not follow creation order
      clock.tick();
      store.updateRun(run.withHeartbeat(T0.plusSeconds(7200)));
    }
    clock.tick();
    store.deleteRun(deleted);
    c.runs--;
    clock.tick();
    Experiment text = store.get(c.id(TEXT));
    store.update(text.withDescription("transformers, revised"));
    clock.tick();
    Experiment tabular = store.get(c.id(TABULAR));
    Map<String, Object> metadata = new LinkedHashMap<>(tabular.metadata());
    metadata.put("reviewed", true);
    store.update(tabular.withMetadata(metadata).withTags(java.util.Set.of("public", "reviewed")));
    return c;
  }

  private static List<ExperimentSpec> experimentSpecs() {
    return List.of(
        ExperimentSpec.named(VISION).description("image models").tags("cv", "public")
            .metadata(map("gpu", "a100", "budget", 12, "owner", map("team", "cv", "size", 4),
                "labels", List.of("x", "y"), "priority", null)),
        ExperimentSpec.named(TEXT).description("transformers").tags("nlp")
            .metadata(map("gpu", "v100", "budget", 12.0, "owner", map("team", "nlp"),
                "labels", List.of("y"))),
        ExperimentSpec.named(TABULAR)
            .metadata(map("gpu", "A100", "budget", new BigDecimal("7.50"), "owner", "solo")),
        ExperimentSpec.named("Alpha").description("").tags("public").metadata(map("budget", "12")),
        ExperimentSpec.named("alpha").description("lower case")
            .metadata(map("budget", 9007199254740993L, "priority", 2)),
        ExperimentSpec.named("Ökologie").description("ça").tags("ünï", "public")
            .metadata(map("budget", -0.5, "labels", List.of())),
        ExperimentSpec.named("zeta \uD83D\uDE80")
            .metadata(map("budget", true, "owner", map("team", "Cv"))));
  }

  private static final Object[] BATCH = {8, 16, 32L, 64, 128, 32.0, new BigDecimal("32.00"), "32",
      null, MISSING, 9, 1e3, true};
  private static final Object[] LR = {0.1, 0.01, new BigDecimal("0.010"), new BigDecimal("1E-2"),
      0.001, new BigDecimal("0.0010"), "0.01", 1, 1.0, 0.1f, MISSING};
  private static final Object[] SEED = {9007199254740993L, 9007199254740992L, 9007199254740993.0,
      new BigInteger("18446744073709551617"), -1L, Long.MAX_VALUE, Long.MIN_VALUE, MISSING};
  private static final Object[] DROPOUT = {0, 0.0, -0.0, 0.5, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, new BigDecimal("0.50"), MISSING};
  private static final Object[] NAME = {"adam", "Adam", "ADAM", "adamw", "sgd", "äpfel", "Zürich",
      "zeta", "\uD83D\uDE00 smile", "\uFF61 half", "", "it's", "Ωmega"};
  private static final Object[] FLAG = {true, false, null, MISSING, "true"};
  private static final Object[] OPT = {
      map("lr", 0.01, "name", "adam", "betas", List.of(0.9, 0.999), "inner", map("depth", 2)),
      map("lr", new BigDecimal("0.010"), "name", "sgd", "momentum", 0.9,
          "inner", map("depth", 3, "@tag", "x")),
      "plain", List.of(map("lr", 0.01), 2), map("inner", map("depth", 2.0)), MISSING,
      map("lr", null, "name", "Adam")};
  private static final Object[] LAYERS = {List.of(64, 32), List.of(128), List.of(), List.of("64"),
      List.of(64.0, 16), List.of(List.of(64)), MISSING, Arrays.asList(null, 64, -0.0)};
  private static final String[][] TAGS = {{}, {"baseline"}, {"baseline", "gpu"}, {"sweep"},
      {"Baseline"}, {"sweep", "gpu", "ünï"}, {"gpu"}};
  private static final String[] COMMENT = {null, "first try", "First try", "", "ça marche",
      "it's fine", "zzz"};

  private static RunSpec runSpec(int i) {
    Map<String, Object> params = new LinkedHashMap<>();
    put(params, "batch", BATCH[i % BATCH.length]);
    put(params, "lr", LR[i % LR.length]);
    put(params, "seed", SEED[i % SEED.length]);
    put(params, "dropout", DROPOUT[i % DROPOUT.length]);
    put(params, "name", NAME[i % NAME.length]);
    put(params, "flag", FLAG[i % FLAG.length]);
    put(params, "opt", OPT[i % OPT.length]);
    put(params, "layers", LAYERS[i % LAYERS.length]);
    if (i % 4 == 0) {
      params.put("warm.up", i);
    }
    if (i % 5 == 0) {
      params.put("@scale", i % 2 == 0 ? 2.5 : 1);
    }
    return RunSpec.create().params(params).tags(TAGS[i % TAGS.length])
        .comment(COMMENT[i % COMMENT.length]).status(RunStatus.values()[i % RunStatus.values().length]);
  }

  /** The run with what only an update sets: results, args, env, extras and chosen times. */
  private static Run changed(Run run, int i) {
    Run c = run;
    if (i % 3 != 0) {
      c = c.withResults(map("accuracy", 0.5 + (i % 7) * 0.05,
          "f1", i % 2 == 0 ? new BigDecimal("0.80") : 0.8, "best", map("epoch", i % 5)));
    }
    if (i % 4 == 1) {
      c = c.withArgs(map("epochs", 10 + i % 3, "verbose", i % 2 == 0,
          "files", List.of("a.csv", "b.csv")));
    }
    if (i % 3 == 2) {
      c = c.withEnv(map("CUDA_VISIBLE_DEVICES", i % 2 == 0 ? "0,1" : "0", "HOME", "/home/ü"));
    }
    if (i % 5 == 3) {
      c = c.withExtras(map("git", map("sha", "abc" + i, "dirty", i % 2 == 0)));
    }
    if (i % 4 == 0) {
      c = c.withStarted(STARTED_TOGETHER);
    }
    if (i % 9 == 5) {
      c = c.withStarted(STARTED_EARLY);
    }
    if (i % 6 == 3) {
      c = c.withEnded(ENDED_LATE);
    }
    if (i % 6 == 1) {
      c = c.withHeartbeat(T0.plusSeconds(60L * i));
    }
    return c;
  }

  /** Loss series whose latest values tie, are NaN, infinite or -0.0; some runs have none. */
  private static List<MetricPoint> metrics(int i) {
    List<MetricPoint> points = new ArrayList<>();
    if (i % 3 != 2) {
      points.add(MetricPoint.of("loss", 0, 1.0));
      points.add(MetricPoint.of("loss", 1, 0.5));
      if (i == 13) { // the highest step is logged first: it is still the latest
        points.add(MetricPoint.of("loss", 5, 0.05));
        points.add(MetricPoint.of("loss", 3, 9.0));
      } else {
        double latest = i == 4 ? Double.NaN : i == 7 ? Double.POSITIVE_INFINITY
            : i == 16 ? Double.NEGATIVE_INFINITY : i == 1 ? -0.0 : i == 10 ? 0.3 : (i % 5) * 0.1;
        points.add(MetricPoint.of("loss", 2, latest));
      }
    }
    if (i % 4 == 0) {
      points.add(MetricPoint.of("train.loss", 0, i * 0.01));
    }
    if (i % 2 == 0) {
      points.add(MetricPoint.of("acc", 0, 0.5 + (i % 3) * 0.1));
    }
    if (i % 7 == 0) {
      points.add(MetricPoint.of("@grad", 0, i));
    }
    return points;
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != MISSING) {
      map.put(key, value);
    }
  }

  /** A map from alternating keys and values, nulls allowed, in order. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /**
   * A clock that stands still between writes: {@link #tick()} sets it to the next second after
   * {@link #T0}. However often a store reads it, one write's times are those of its tick, and
   * ids made within one tick still follow each other (by the id generator's counter).
   */
  private static final class StepClock extends Clock {
    private final AtomicLong now;
    private final AtomicLong ticks;
    private final ZoneId zone;

    StepClock() {
      this(new AtomicLong(T0.toEpochMilli()), new AtomicLong(), ZoneOffset.UTC);
    }

    private StepClock(AtomicLong now, AtomicLong ticks, ZoneId zone) {
      this.now = now;
      this.ticks = ticks;
      this.zone = zone;
    }

    void restart() {
      ticks.set(0);
      now.set(T0.toEpochMilli());
    }

    void tick() {
      now.set(T0.toEpochMilli() + 1000 * ticks.incrementAndGet());
    }

    @Override
    public long millis() {
      return now.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      return new StepClock(now, ticks, other);
    }
  }
}
