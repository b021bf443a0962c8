package dev.labbook.examples.dacapo;

import java.util.List;

/**
 * The network, as DaCapo's {@code ArchitectureConfig}: config kind
 * {@value ConfigKinds#ARCHITECTURE}.
 *
 * @param name unique among architecture configs
 * @param type the architecture family, such as {@code unet}
 * @param featureMaps the feature maps of the first level
 * @param downsampleFactors the factor of each downsampling level
 */
public record ArchitectureConfig(String name, String type, int featureMaps, List<Integer> downsampleFactors) {
  public ArchitectureConfig {
    downsampleFactors = List.copyOf(downsampleFactors);
  }
}
