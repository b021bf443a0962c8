package dev.labbook.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A JSON document that belongs to an experiment or a run, under a space and a name: what core
 * keeps optimizer states ({@code space} {@code "states"}) and links ({@code "links"}) in. A
 * backend stores them without reading them; core has validated and encoded every field.
 *
 * @param ownerId the experiment or run it belongs to
 * @param space what kind of document it is; a short lower-case word
 * @param name unique within the owner and space; any text without U+0000 (it may hold other
 *     control characters, {@code /}, {@code .} and {@code $}), compared exactly
 * @param body the encoded document (an object)
 * @param created when it was created, millisecond precision
 * @param updated when it last changed, millisecond precision
 * @param version 0 when created, one more with each replacement
 */
public record OwnedDocument(
    String ownerId,
    String space,
    String name,
    ObjectNode body,
    Instant created,
    Instant updated,
    long version) {}
