package dev.labbook.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.Experiment;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.spi.StoreSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How user documents are kept in MongoDB: keys escaped reversibly, numbers by kind, limits. */
class StoredDocumentsTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> ODD_KEYS = List.of("", ".", "..", "a.b", "$", "$set", "$$", "a$",
      "%", "%25", "%2E", "%24", "%%", "%2", "50%", "a%2Eb", "$%2E.", "@type", "@@x", "ü.ñ", "\uD83D\uDE00.x");

  static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void keysAreEscapedReversiblyIntoFieldNamesMongoDbAccepts() {
    Set<String> fields = new HashSet<>();
    for (String key : ODD_KEYS) {
      String field = BsonTrees.encodeKey(key);
      assertThat(BsonTrees.decodeKey(field)).as("decoded %s", field).isEqualTo(key);
      assertThat(field).as("field for %s", key).doesNotContain(".").doesNotStartWith("$").isNotEmpty();
      fields.add(field);
    }
    assertThat(fields).as("one field per key").hasSameSizeAs(ODD_KEYS);
  }

  @Test
  void theStoredRunHoldsEscapedKeysAndReadsBackTheUsersKeys() {
    String db = database();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("a.b", 1L);
    params.put("$set", Map.of("$in", List.of("$where")));
    params.put("50%", "x");
    try (Labbook lab = open(db)) {
      Run run = lab.experiments().createRun(lab.experiments().create("keys").id(), RunSpec.create().params(params));
      assertThat(lab.experiments().getRun(run.id()).params()).isEqualTo(params);

      BsonDocument stored = server.admin().getDatabase(db).getCollection("runs", BsonDocument.class)
          .find(Records.byId(run.id())).first().getDocument("params");
      assertThat(stored.keySet()).containsExactly("a%2Eb", "%24set", "50%25");
      assertThat(stored.getDocument("%24set").keySet()).containsExactly("%24in");
    }
    server.drop(db);
  }

  @Test
  void numbersKeepTheirKindAndValue() {
    ObjectNode node = JSON.objectNode();
    node.put("int", 7);
    node.put("long", Long.MIN_VALUE);
    node.put("double", -0.0);
    node.put("nan", Double.NaN);
    node.put("float", 0.1f);
    node.put("short", (short) 3);
    node.put("bigInteger", new BigInteger("18446744073709551617"));
    node.put("bigDecimal", new BigDecimal("1.500"));
    node.putArray("list").add(1).add(2L).add(2.5);
    node.putObject("%i").put("x", 1); // a user key that looks like a wide-number marker
    ObjectNode back = BsonTrees.toJson(BsonTrees.toBson(node, "test"));
    assertThat(back).isEqualTo(node);
    for (String field : List.of("int", "long", "double", "float", "short", "bigInteger", "bigDecimal")) {
      assertThat(back.get(field).getClass()).as(field).isEqualTo(node.get(field).getClass());
    }
    assertThat(Double.doubleToRawLongBits(back.get("double").doubleValue()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void aKeyWithNulIsRefusedNamingItAndNothingIsStored() {
    String db = database();
    try (Labbook lab = open(db)) {
      Experiment experiment = lab.experiments().create("nul");
      assertThatThrownBy(() -> lab.experiments().createRun(experiment.id(),
          RunSpec.create().params(Map.of("bad\u0000key", 1))))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad\\u0000key")
          .hasMessageContaining("NUL");
      assertThat(lab.experiments().runs(experiment.id())).isEmpty();
      assertThat(lab.experiments().createRun(experiment.id()).number()).as("no number was used").isZero();
    }
    server.drop(db);
  }

  @Test
  void documentsUpToSixtyFourLevelsAreKeptAndDeeperOnesRefusedBeforeAnythingIsWritten() {
    String db = database();
    try (Labbook lab = open(db)) {
      Experiment experiment = lab.experiments().create("deep");
      Run kept = lab.experiments().createRun(experiment.id(), RunSpec.create().params(nested(BsonTrees.MAX_DEPTH)));
      assertThat(lab.experiments().getRun(kept.id()).params()).isEqualTo(nested(BsonTrees.MAX_DEPTH));

      assertThatThrownBy(() -> lab.experiments().createRun(experiment.id(),
          RunSpec.create().params(nested(BsonTrees.MAX_DEPTH + 1))))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("deeper than 64");
      assertThat(lab.experiments().runs(experiment.id())).hasSize(1);
      assertThat(lab.experiments().createRun(experiment.id()).number()).isEqualTo(1);
    }
    server.drop(db);
  }

  @Test
  void aRecordOverMongoDbsSizeLimitIsRefusedBeforeItUsesARunNumber() {
    String db = database();
    try (Labbook lab = open(db)) {
      Experiment experiment = lab.experiments().create("big");
      String huge = "é".repeat(9 << 20); // 9 Mi characters, 18 MiB as UTF-8
      assertThatThrownBy(() -> lab.experiments().createRun(experiment.id(), RunSpec.create().param("text", huge)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("run ")
          .hasMessageContaining("at most " + Records.MAX_SIZE + " bytes");
      assertThat(lab.experiments().runs(experiment.id())).isEmpty();
      assertThat(lab.experiments().createRun(experiment.id()).number()).as("no number was used").isZero();
    }
    server.drop(db);
  }

  /** A map that, as a document, is {@code levels} objects deep (itself included). */
  private static Map<String, Object> nested(int levels) {
    Object inner = "bottom";
    for (int i = 1; i < levels; i++) {
      inner = Map.of("level", inner);
    }
    return Map.of("top", inner);
  }

  @Test
  void theMarkerOfAWideNumberCannotComeFromAUserKey() {
    JsonNode user = JSON.objectNode().put("%d", "1.5");
    assertThat(BsonTrees.toBson((ObjectNode) user, "test").getFirstKey()).isEqualTo("%25d");
  }

  private static String database() {
    return "documents-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Labbook open(String db) {
    return Labbook.builder().settings(StoreSettings.of(server.uri(), Map.of("database", db))).open();
  }
}
