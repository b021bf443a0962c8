package dev.labbook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.Experiment;
import dev.labbook.InvalidInputException;
import dev.labbook.Run;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.RunDocument;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Maps the API's decoded records to the SPI's encoded documents and back. */
public final class Documents {
  private final CodecRegistry codecs;

  public Documents(CodecRegistry codecs) {
    this.codecs = codecs;
  }

  public Experiment experiment(ExperimentDocument d) {
    return new Experiment(d.id(), d.name(), d.description(), Set.copyOf(d.tags()),
        map(d.metadata()), d.created(), d.updated(), d.version());
  }

  public Run run(RunDocument d) {
    return new Run(d.id(), d.experimentId(), d.number(), d.status(), Set.copyOf(d.tags()),
        d.comment(), map(d.params()), map(d.args()), map(d.env()), map(d.extras()), map(d.results()),
        d.created(), d.started(), d.updated(), d.ended(), d.heartbeat(), d.version());
  }

  /**
   * Encodes a value that must become a JSON object (params, metadata…); null gives an empty one.
   *
   * @throws InvalidInputException naming the field if it encodes to anything else
   */
  public ObjectNode object(String field, Object value) {
    if (value == null) {
      return Json.object();
    }
    JsonNode encoded = codecs.encode(value);
    // A registered type at the top gives its fields as the entries, so its tag goes; a built-in
    // tag (a double, instant or bytes) means the value was a scalar, which is not an object.
    JsonNode tag = encoded instanceof ObjectNode o ? o.remove(CodecRegistry.TYPE_KEY) : null;
    if (!(encoded instanceof ObjectNode object) || tag != null && CodecRegistry.isBuiltIn(tag.asText())) {
      throw new InvalidInputException(field + " must be a map or a value that encodes to a JSON"
          + " object; got " + value.getClass().getName());
    }
    return object;
  }

  /**
   * Checks tags against the name rules and returns them sorted and without duplicates.
   *
   * @throws dev.labbook.InvalidNameException for the first bad tag
   */
  public static List<String> tags(Collection<String> tags) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String tag : tags) {
      sorted.add(Names.check("tag", tag));
    }
    return List.copyOf(sorted);
  }

  @SuppressWarnings("unchecked") // decoding an object node gives a Map<String, Object>
  private Map<String, Object> map(ObjectNode node) {
    return node == null ? Map.of() : (Map<String, Object>) codecs.decode(node);
  }
}
