package dev.labbook.codec;

/**
 * A library's bundle of codecs. Implementations are found with {@link java.util.ServiceLoader}
 * (register them with {@code @AutoService(CodecModule.class)}) by
 * {@link CodecRegistry#withDiscoveredModules()}, so a library's types encode wherever it is on
 * the class path.
 */
public interface CodecModule {
  /** Registers this module's types and codecs; called once per registry. */
  void registerTo(CodecRegistry registry);
}
