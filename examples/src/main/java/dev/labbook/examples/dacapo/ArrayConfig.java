package dev.labbook.examples.dacapo;

/**
 * An array in a container, as DaCapo's {@code ArrayConfig} names one: config kind
 * {@value ConfigKinds#ARRAY}.
 *
 * @param name unique among array configs
 * @param container the file holding the array, such as a zarr or n5 container
 * @param dataset the array's path inside the container
 */
public record ArrayConfig(String name, String container, String dataset) {}
