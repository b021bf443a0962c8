package dev.labbook.codec;

/** Listed in META-INF/services; its registration fails (the name is reserved). */
public final class FailingTestModule implements CodecModule {
  @Override
  public void registerTo(CodecRegistry registry) {
    registry.register("instant", DiscoveredTestModule.DiscoveredPoint.class);
  }
}
