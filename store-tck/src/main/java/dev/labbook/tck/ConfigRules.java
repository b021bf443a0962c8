package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.labbook.CodecException;
import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.InvalidInputException;
import dev.labbook.NotFoundException;
import dev.labbook.codec.Codec;
import dev.labbook.codec.Decoding;
import dev.labbook.codec.Encoding;
import dev.labbook.spi.Capability;
import dev.labbook.tck.Samples.Notes;
import dev.labbook.tck.Samples.Optimizer;
import dev.labbook.tck.Samples.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configs: named, immutable documents keyed by kind and name (DaCapo's ConfigStore). Storing is
 * idempotent for equal content (compared by the hash of the canonical content) and refuses other
 * content under a taken name, keeping the stored config; names are per kind, case-sensitive and
 * listed sorted; configs nested in a config are stored as configs of their own, by reference,
 * and rebuilt on reading; a put stores all its parts or none, also when it loses a race; deleted
 * names can be used again; unknown names and unregistered types are refused.
 */
abstract class ConfigRules extends Rules {
  /** A config holding other values in a list, in order: kind {@code bundle}. */
  record Bundle(String name, List<Object> parts) {}

  /** A config with a set: kind {@code tagged}. */
  record Tagged(String name, Set<String> words) {}

  /** A registered type without a name: kind {@code nameless}. */
  record Nameless(int size) {}

  /** A config type nobody registers. */
  record Unregistered(String name) {}

  /**
   * Registered with a codec whose encoding waits until the other writer of the race rule
   * encodes its gate too, so that both puts go on to compare and write at the same time.
   */
  record Gate(int round) {}

  private final CyclicBarrier gate = new CyclicBarrier(2);

  ConfigRules(StoreTck tck) {
    super(tck);
  }

  @BeforeEach
  void registerConfigTypes() {
    codecs().register("bundle", Bundle.class).register("tagged", Tagged.class)
        .register("nameless", Nameless.class)
        .register("gate", Gate.class, new Codec<Gate>() {
          @Override
          public JsonNode encode(Gate value, Encoding nested) {
            try {
              Threads.await(gate, timeout());
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
              throw new IllegalStateException("the other writer did not reach round "
                  + value.round() + ": " + e, e);
            }
            return IntNode.valueOf(value.round());
          }

          @Override
          public Gate decode(JsonNode node, Decoding nested) {
            return new Gate(node.intValue());
          }
        });
  }

  @Test
  void aStoredConfigReadsBackEqual() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64, 32));

    assertThat(configs().put(adam)).isTrue();

    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(adam);
  }

  @Test
  void storingADuplicateConfigNameFailsNamingKindAndNameAndKeepsTheOriginal() {
    Optimizer original = new Optimizer("adam", 0.001, List.of(64));
    configs().put(original);

    assertThatThrownBy(() -> configs().put(new Optimizer("adam", 0.1, List.of(8))))
        .isInstanceOfSatisfying(DuplicateNameException.class, e -> {
          assertThat(e.kind()).isEqualTo("optimizer");
          assertThat(e.name()).isEqualTo("adam");
        })
        .hasMessageContaining("optimizer").hasMessageContaining("adam");

    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(original);
    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
  }

  @Test
  void puttingAnEqualConfigAgainWritesNothingAndReturnsFalse() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64, 32));
    assertThat(configs().put(adam)).isTrue();

    assertThat(configs().put(new Optimizer("adam", 0.001, List.of(64, 32)))).isFalse();
    assertThat(configs().put(adam)).isFalse();

    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(adam);
  }

  @Test
  @CheckedByCore
  void aMapBodyWithTheSameEntriesInAnotherOrderIsTheSameContent() {
    assertThat(configs().put(new Notes("n", ordered("a", 1, "b", ordered("x", "1", "y", "2"),
        "c", List.of(1, 2))))).isTrue();

    // Equal content is recognised by its canonical form, whatever order the map iterates in.
    assertThat(configs().put(new Notes("n", ordered("c", List.of(1, 2),
        "b", ordered("y", "2", "x", "1"), "a", 1)))).isFalse();

    // Order inside a list is content: the same entries in another list order clash.
    assertThatThrownBy(() -> configs().put(new Notes("n", ordered("a", 1,
        "b", ordered("x", "1", "y", "2"), "c", List.of(2, 1)))))
        .isInstanceOfSatisfying(DuplicateNameException.class,
            e -> assertThat(e.name()).isEqualTo("n"));
    assertThat(configs().get(Notes.class, "n").body().get("c")).isEqualTo(List.of(1L, 2L));
  }

  @Test
  @CheckedByCore
  void equalSetsIteratingInAnotherOrderAreTheSameContent() {
    List<String> words = IntStream.range(0, 20).mapToObj(i -> "w" + i).toList();
    List<String> reversed = new ArrayList<>(words);
    java.util.Collections.reverse(reversed);

    assertThat(configs().put(new Tagged("t", new LinkedHashSet<>(words)))).isTrue();
    assertThat(configs().put(new Tagged("t", new LinkedHashSet<>(reversed)))).isFalse();

    assertThat(configs().get(Tagged.class, "t").words()).isEqualTo(Set.copyOf(words));
  }

  @Test
  void configNamesArePerKind() {
    Optimizer optimizer = new Optimizer("shared", 0.5, List.of(1));
    Notes notes = new Notes("shared", Map.of("text", "a note"));

    assertThat(configs().put(optimizer)).isTrue();
    assertThat(configs().put(notes)).isTrue();

    assertThat(configs().get(Optimizer.class, "shared")).isEqualTo(optimizer);
    assertThat(configs().get(Notes.class, "shared")).isEqualTo(notes);
    configs().delete(Notes.class, "shared");
    assertThat(configs().contains(Notes.class, "shared")).isFalse();
    assertThat(configs().get(Optimizer.class, "shared")).isEqualTo(optimizer);
  }

  @Test
  void configNamesAreCaseSensitive() {
    Optimizer lower = new Optimizer("adam", 0.1, List.of(1));
    Optimizer upper = new Optimizer("Adam", 0.2, List.of(2));
    Optimizer shouting = new Optimizer("ADAM", 0.3, List.of(3));

    assertThat(configs().put(lower)).isTrue();
    assertThat(configs().put(upper)).isTrue();
    assertThat(configs().put(shouting)).isTrue();

    assertThat(configs().names(Optimizer.class)).containsExactly("ADAM", "Adam", "adam");
    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(lower);
    assertThat(configs().get(Optimizer.class, "Adam")).isEqualTo(upper);
    assertThat(configs().find(Optimizer.class, "aDaM")).isEmpty();
  }

  @Test
  void namesListOnlyTheirKindSortedByCharacterCode() {
    List<String> names = List.of("b", "a", "B", "a10", "a9", "_x", "é", "Z", "0", "a b", "a.b");
    for (String name : names) {
      configs().put(new Optimizer(name, 0.1, List.of()));
    }
    configs().put(new Notes("not an optimizer", Map.of()));

    assertThat(configs().names(Optimizer.class)).containsExactlyElementsOf(new TreeSet<>(names));
    assertThat(configs().names(Notes.class)).containsExactly("not an optimizer");
    assertThat(configs().names(Pipeline.class)).isEmpty();
  }

  @Test
  void nestedConfigsAreStoredByThemselvesAndRebuiltOnGet() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64, 32));
    Notes readme = new Notes("readme", Map.of("text", "how to run"));
    Pipeline pipeline = new Pipeline("train", adam, Map.of("notes", readme, "epochs", 10L));

    assertThat(configs().put(pipeline)).isTrue();

    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
    assertThat(configs().names(Notes.class)).containsExactly("readme");
    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(adam);
    assertThat(configs().get(Notes.class, "readme")).isEqualTo(readme);
    assertThat(configs().get(Pipeline.class, "train")).isEqualTo(pipeline);
  }

  @Test
  void configsShareAnEqualNestedPartAndPutReportsWhetherAnythingWasWritten() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64));
    assertThat(configs().put(adam)).isTrue();

    // The part is already stored as given; the new root is written.
    assertThat(configs().put(new Pipeline("first", adam, Map.of()))).isTrue();
    assertThat(configs().put(new Pipeline("second", adam, Map.of("epochs", 3L)))).isTrue();
    assertThat(configs().put(new Pipeline("second", adam, Map.of("epochs", 3L)))).isFalse();

    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
    assertThat(configs().names(Pipeline.class)).containsExactly("first", "second");
    assertThat(configs().get(Pipeline.class, "second").optimizer()).isEqualTo(adam);
  }

  @Test
  @CheckedByCore
  void aConfigWhoseNestedPartClashesIsRejectedWholeAndStoresNothing() {
    Optimizer stored = new Optimizer("adam", 0.001, List.of(64));
    configs().put(stored);
    Pipeline clashing = new Pipeline("train", new Optimizer("adam", 0.5, List.of(8)),
        Map.of("notes", new Notes("readme", Map.of("text", "new"))));

    assertThatThrownBy(() -> configs().put(clashing))
        .isInstanceOfSatisfying(DuplicateNameException.class, e -> {
          assertThat(e.kind()).isEqualTo("optimizer");
          assertThat(e.name()).isEqualTo("adam");
        });

    assertThat(configs().names(Pipeline.class)).isEmpty();
    assertThat(configs().names(Notes.class)).isEmpty();
    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(stored);
  }

  @Test
  @CheckedByCore
  void aConfigNamingOnePartTwiceWithDifferentContentIsRejectedWhole() {
    Bundle twice = new Bundle("twice", List.of(new Notes("first", Map.of()),
        new Optimizer("adam", 0.1, List.of()), new Optimizer("adam", 0.2, List.of())));

    assertThatThrownBy(() -> configs().put(twice))
        .isInstanceOf(DuplicateNameException.class)
        .hasMessageContaining("optimizer").hasMessageContaining("adam");

    assertThat(configs().names(Bundle.class)).isEmpty();
    assertThat(configs().names(Notes.class)).isEmpty();
    assertThat(configs().names(Optimizer.class)).isEmpty();
  }

  @Test
  void aPutThatLosesARaceForOnePartsNameStoresNoneOfItsOtherParts() {
    int writers = 2;
    int rounds = 5;
    // bundles.get(round).get(writer): three parts of the writer's own, then one part both
    // writers of the round name with other content, then the gate that starts both puts'
    // comparing and writing together. Exactly one writer may win the shared name; the loser
    // must leave none of its own parts behind.
    List<List<Bundle>> bundles = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<Bundle> ofRound = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          parts.add(new Notes("r" + round + "-w" + w + "-own" + i, Map.of("writer", w)));
        }
        parts.add(new Notes("contested-" + round, Map.of("writer", w)));
        parts.add(new Gate(round));
        ofRound.add(new Bundle("r" + round + "-w" + w, parts));
      }
      bundles.add(ofRound);
    }
    ConfigStore configs = configs();
    List<List<Boolean>> won = Threads.together(writers, timeout(), writer -> {
      List<Boolean> wins = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        try {
          wins.add(configs.put(bundles.get(round).get(writer)));
        } catch (DuplicateNameException e) {
          assertThat(e.name()).isEqualTo("contested-" + round);
          wins.add(false);
        }
      }
      return wins;
    });

    Set<String> expectedNotes = new TreeSet<>();
    Set<String> expectedBundles = new TreeSet<>();
    for (int round = 0; round < rounds; round++) {
      List<Integer> winners = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        if (won.get(w).get(round)) {
          winners.add(w);
        }
      }
      assertThat(winners).as("writers whose put returned true in round %s", round).hasSize(1);
      Bundle winner = bundles.get(round).get(winners.get(0));
      expectedBundles.add(winner.name());
      winner.parts().stream().filter(Notes.class::isInstance)
          .forEach(part -> expectedNotes.add(((Notes) part).name()));
      assertThat(configs().get(Notes.class, "contested-" + round).body())
          .isEqualTo(Map.of("writer", (long) winners.get(0)));
    }
    assertThat(configs().names(Notes.class)).containsExactlyElementsOf(expectedNotes);
    assertThat(configs().names(Bundle.class)).containsExactlyElementsOf(expectedBundles);
  }

  @Test
  void aDeletedConfigIsGoneAndItsNameCanBeStoredAgainWithOtherContent() {
    configs().put(new Optimizer("adam", 0.001, List.of(64)));
    Optimizer kept = new Optimizer("sgd", 0.1, List.of());
    configs().put(kept);

    configs().delete(Optimizer.class, "adam");

    assertThat(configs().find(Optimizer.class, "adam")).isEmpty();
    assertThat(configs().contains(Optimizer.class, "adam")).isFalse();
    assertThat(configs().names(Optimizer.class)).containsExactly("sgd");
    assertThat(configs().get(Optimizer.class, "sgd")).isEqualTo(kept);
    Optimizer again = new Optimizer("adam", 0.5, List.of(8, 8));
    assertThat(configs().put(again)).isTrue();
    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(again);
  }

  @Test
  void deletingAMissingConfigFailsNamingItAndChangesNothing() {
    Optimizer kept = new Optimizer("adam", 0.001, List.of(64));
    configs().put(kept);

    assertThatThrownBy(() -> configs().delete(Optimizer.class, "nadam"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("optimizer").hasMessageContaining("nadam");
    // The name exists, but as another kind.
    assertThatThrownBy(() -> configs().delete(Notes.class, "adam"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("notes").hasMessageContaining("adam");

    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
    assertThat(configs().get(Optimizer.class, "adam")).isEqualTo(kept);
  }

  @Test
  void anUnknownConfigNameIsNotFoundNamingKindAndName() {
    configs().put(new Optimizer("adam", 0.001, List.of(64)));

    assertThat(configs().find(Optimizer.class, "nadam")).isEmpty();
    assertThat(configs().contains(Optimizer.class, "nadam")).isFalse();
    assertThat(configs().find(Notes.class, "adam")).isEmpty();
    assertThatThrownBy(() -> configs().get(Optimizer.class, "nadam"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("optimizer").hasMessageContaining("nadam");
    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
  }

  @Test
  void gettingAConfigWhoseNestedPartWasDeletedFailsNamingThePart() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64));
    configs().put(new Pipeline("train", adam, Map.of()));

    configs().delete(Optimizer.class, "adam");

    assertThat(configs().contains(Pipeline.class, "train")).isTrue();
    assertThatThrownBy(() -> configs().get(Pipeline.class, "train"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("optimizer").hasMessageContaining("adam");
    // Storing the part again repairs the reference.
    configs().put(adam);
    assertThat(configs().get(Pipeline.class, "train").optimizer()).isEqualTo(adam);
  }

  @Test
  @CheckedByCore
  void anUnregisteredConfigTypeIsRefusedNamingItAndNothingIsStored() {
    configs().put(new Optimizer("adam", 0.001, List.of(64)));

    assertThatThrownBy(() -> configs().put(new Unregistered("u")))
        .isInstanceOf(CodecException.class).hasMessageContaining(Unregistered.class.getName());
    assertThatThrownBy(() -> configs().get(Unregistered.class, "u"))
        .isInstanceOf(CodecException.class).hasMessageContaining(Unregistered.class.getName());
    assertThatThrownBy(() -> configs().names(Unregistered.class))
        .isInstanceOf(CodecException.class).hasMessageContaining(Unregistered.class.getName());

    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
  }

  @Test
  void aConfigWithoutANameIsRefusedAndNothingIsStored() {
    Bundle holdingNameless = new Bundle("holder", List.of(new Nameless(3)));
    assertThat(configs().put(holdingNameless)).isTrue();

    assertThatThrownBy(() -> configs().put(new Nameless(3)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nameless").hasMessageContaining("name");

    assertThat(configs().names(Nameless.class)).isEmpty();
    // A registered value without a name inside a config is data, kept inline.
    assertThat(configs().get(Bundle.class, "holder")).isEqualTo(holdingNameless);
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void anotherInstanceWritesNothingForAnEqualConfigRefusesOtherContentAndCanFreeTheName() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64));
    Pipeline pipeline = new Pipeline("train", adam, Map.of());
    configs().put(pipeline);

    ConfigStore other = second().configs();

    // The other instance compares with the content hashes the first one stored.
    assertThat(other.put(pipeline)).isFalse();
    assertThat(other.put(new Optimizer("adam", 0.001, List.of(64)))).isFalse();
    assertThatThrownBy(() -> other.put(new Pipeline("train", adam, Map.of("epochs", 3L))))
        .isInstanceOfSatisfying(DuplicateNameException.class,
            e -> assertThat(e.name()).isEqualTo("train"));
    assertThatThrownBy(() -> other.put(new Optimizer("adam", 0.5, List.of())))
        .isInstanceOfSatisfying(DuplicateNameException.class,
            e -> assertThat(e.name()).isEqualTo("adam"));
    assertThat(configs().get(Pipeline.class, "train")).isEqualTo(pipeline);

    other.delete(Pipeline.class, "train");

    assertThat(configs().contains(Pipeline.class, "train")).isFalse();
    assertThat(configs().names(Optimizer.class)).containsExactly("adam");
    Pipeline again = new Pipeline("train", adam, Map.of("epochs", 3L));
    assertThat(configs().put(again)).isTrue();
    assertThat(other.get(Pipeline.class, "train")).isEqualTo(again);
  }

  @Test
  @Requires(Capability.PERSISTENT)
  void configsSurviveReopeningAndAnEqualPutIsStillANoOp() {
    Pipeline pipeline = new Pipeline("train", new Optimizer("adam", 0.001, List.of(64)),
        Map.of("notes", new Notes("readme", Map.of("text", "how to run", "seed", 7L))));
    configs().put(pipeline);

    ConfigStore reopened = reopen().configs();

    assertThat(reopened.get(Pipeline.class, "train")).isEqualTo(pipeline);
    assertThat(reopened.put(pipeline)).isFalse();
    assertThatThrownBy(() -> reopened.put(new Notes("readme", Map.of("text", "changed"))))
        .isInstanceOf(DuplicateNameException.class).hasMessageContaining("readme");
    assertThat(reopened.names(Notes.class)).containsExactly("readme");
  }


  /** A map that iterates in the order given: key, value, key, value… */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
