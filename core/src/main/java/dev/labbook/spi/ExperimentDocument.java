package dev.labbook.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An experiment as a backend stores it; core has validated and encoded every field.
 *
 * @param id the id core assigned (a time-ordered UUID string)
 * @param name unique among experiments
 * @param description free text, or null
 * @param tags sorted, without duplicates
 * @param metadata the encoded metadata object (defaults merged under the caller's)
 * @param created creation time, millisecond precision
 * @param updated time of the last change, millisecond precision
 * @param version 0 when created, one more with each update
 */
public record ExperimentDocument(
    String id,
    String name,
    String description,
    List<String> tags,
    ObjectNode metadata,
    Instant created,
    Instant updated,
    long version) {

  public ExperimentDocument {
    tags = List.copyOf(tags);
  }
}
