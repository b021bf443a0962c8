package dev.labbook.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A config as a backend stores it.
 *
 * @param kind the registered type name of the config's class ({@code task})
 * @param name the config's name, unique per kind
 * @param body the encoded config, tagged with {@code "@type"}; configs nested in it are
 *     reference nodes {@code {"@ref":"kind","name":"…"}} stored as configs of their own. Owned
 *     by the store once handed over: neither side mutates it afterwards.
 * @param hash the SHA-256 of the body's canonical JSON (keys sorted), lower-case hex
 * @param created when it was first stored
 */
public record ConfigDocument(String kind, String name, ObjectNode body, String hash, Instant created) {}
