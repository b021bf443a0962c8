package dev.labbook;

import java.time.Instant;

/**
 * Bytes attached to an experiment or a run under a relative path ({@code logs/train.txt}); a
 * folder of results is many artifacts.
 *
 * @param ownerId the id of the experiment or run it belongs to
 * @param path a relative path of {@code /}-separated segments, each a valid name and neither
 *     {@code .} nor {@code ..}
 * @param size the number of bytes
 * @param sha256 the SHA-256 of the bytes, lower-case hex
 * @param created when it was stored
 */
public record Artifact(String ownerId, String path, long size, String sha256, Instant created) {}
