package dev.labbook.examples.dacapo;

/**
 * What the network predicts, as DaCapo's {@code TaskConfig}: config kind
 * {@value ConfigKinds#TASK}.
 *
 * @param name unique among task configs
 * @param type the kind of prediction, such as {@code affinities} or {@code distances}
 * @param channels how many output channels the prediction has
 */
public record TaskConfig(String name, String type, int channels) {}
