package dev.labbook.examples.dacapo;

/**
 * How the network is trained, as DaCapo's {@code TrainerConfig}: config kind
 * {@value ConfigKinds#TRAINER}.
 *
 * @param name unique among trainer configs
 * @param optimizer the optimizer's name
 * @param learningRate the optimizer's learning rate
 * @param batchSize samples per step
 */
public record TrainerConfig(String name, String optimizer, double learningRate, int batchSize) {}
