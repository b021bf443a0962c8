package dev.labbook.examples.dacapo;

/**
 * One training run made of a task, an architecture, a trainer and a datasplit, as DaCapo's
 * {@code RunConfig}: config kind {@value ConfigKinds#RUN}. Storing it stores its parts as configs
 * of their own (each under its kind and name) and keeps them by reference, so a part shared by
 * several runs is stored once.
 *
 * @param name unique among run configs
 * @param task what is predicted
 * @param architecture the network
 * @param trainer how it is trained
 * @param datasplit on what it is trained and validated
 * @param repetition which repetition of the same setup this is (0, 1, …)
 * @param iterations how many training iterations to run
 */
public record RunConfig(
    String name,
    TaskConfig task,
    ArchitectureConfig architecture,
    TrainerConfig trainer,
    DataSplitConfig datasplit,
    int repetition,
    int iterations) {}
