package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.query.FieldPath;
import dev.labbook.query.Filter;
import dev.labbook.query.Query;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Names, keys and filter values are data: full of SQL, they are bound as parameters, stored
 * and read back unchanged, and queries find exactly them.
 */
class InjectionTest {
  private static final List<String> HOSTILE = List.of(
      "x'); DROP TABLE lb_run; --",
      "' OR '1'='1",
      "\"; DELETE FROM lb_metric; --",
      "a\\'b\\\\",
      "100% _match_ [x] $1 $$ ?",
      "name\" = 'x' OR \"1\" = \"1",
      "*/ SELECT pg_sleep(5) /*");

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void namesKeysAndValuesFullOfSqlAreStoredReadBackAndFoundExactly(TestDatabase db) throws Exception {
    var settings = db.fresh();
    try (Labbook labbook = TestDatabase.open(settings)) {
      var experiments = labbook.experiments();
      String decoy = experiments.create("decoy").id();
      experiments.createRun(decoy, RunSpec.create().params(Map.of("k", "v")));
      for (String hostile : HOSTILE) {
        var experiment = experiments.create(ExperimentSpec.named(hostile).description(hostile)
            .tags(hostile).metadata(Map.of(hostile, hostile)));
        Run run = experiments.createRun(experiment.id(), RunSpec.create()
            .params(Map.of(hostile, hostile)).tags(hostile).comment(hostile));
        experiments.log(run.id(), MetricPoint.of(hostile, 0, 1.5));
        experiments.putArtifact(run.id(), "logs/" + hostile.replace("/", "_").replace("\\", "_"), hostile.getBytes());

        assertThat(experiments.getByName(hostile).id()).isEqualTo(experiment.id());
        assertThat(experiments.get(experiment.id()).metadata()).containsEntry(hostile, hostile);
        assertThat(experiments.getRun(run.id()).params()).containsExactlyEntriesOf(Map.of(hostile, hostile));
        assertThat(experiments.getRun(run.id()).comment()).isEqualTo(hostile);
        assertThat(experiments.series(run.id(), hostile)).extracting(MetricPoint::value).containsExactly(1.5);
        assertThat(experiments.latestMetrics(run.id())).containsOnlyKeys(hostile);
        assertThat(experiments.readArtifact(run.id(), "logs/" + hostile.replace("/", "_").replace("\\", "_")))
            .isEqualTo(hostile.getBytes());

        assertThat(experiments.list(Query.where(Filter.eq("name", hostile))).map(e -> e.id()).toList())
            .containsExactly(experiment.id());
        assertThat(experiments.list(Query.where(Filter.contains("tags", hostile))).map(e -> e.id()).toList())
            .containsExactly(experiment.id());
        assertThat(experiments.runs(Query.where(Filter.eq("comment", hostile))).map(Run::id).toList())
            .containsExactly(run.id());
        String quotedKey = FieldPath.of(List.of("params", hostile)).toString();
        assertThat(experiments.runs(Query.where(Filter.eq(quotedKey, hostile))).map(Run::id).toList())
            .as(quotedKey).containsExactly(run.id());
        assertThat(experiments.runs(Query.where(Filter.ne("comment", hostile))).count())
            .as("every other run").isEqualTo(experiments.runs(Query.all()).count() - 1);
      }
    }
    try (Connection connection = TestDatabase.connect(settings); ResultSet counts = connection.createStatement()
        .executeQuery("SELECT (SELECT count(*) FROM lb_experiment), (SELECT count(*) FROM lb_run), "
            + "(SELECT count(*) FROM lb_metric), (SELECT count(*) FROM lb_artifact)")) {
      counts.next();
      assertThat(List.of(counts.getInt(1), counts.getInt(2), counts.getInt(3), counts.getInt(4)))
          .as("experiments, runs, points, artifacts: every table there, nothing lost or added")
          .containsExactly(HOSTILE.size() + 1, HOSTILE.size() + 1, HOSTILE.size(), HOSTILE.size());
    }
  }
}
