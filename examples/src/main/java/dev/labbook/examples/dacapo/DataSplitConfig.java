package dev.labbook.examples.dacapo;

import java.util.List;

/**
 * Which datasets train and which validate, as DaCapo's {@code DataSplitConfig}: config kind
 * {@value ConfigKinds#DATASPLIT}. Its datasets (and their arrays) are stored as configs of their
 * own.
 *
 * @param name unique among datasplit configs
 * @param train the training datasets
 * @param validate the validation datasets
 */
public record DataSplitConfig(String name, List<DatasetConfig> train, List<DatasetConfig> validate) {
  public DataSplitConfig {
    train = List.copyOf(train);
    validate = List.copyOf(validate);
  }
}
