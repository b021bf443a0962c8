package dev.labbook.examples.dacapo;

/**
 * Raw data with its ground truth, as DaCapo's {@code DatasetConfig}: config kind
 * {@value ConfigKinds#DATASET}. Its arrays are configs of their own, stored with it and kept by
 * reference.
 *
 * @param name unique among dataset configs
 * @param raw the input array
 * @param groundTruth the labels
 */
public record DatasetConfig(String name, ArrayConfig raw, ArrayConfig groundTruth) {}
