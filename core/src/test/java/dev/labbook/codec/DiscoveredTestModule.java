package dev.labbook.codec;

/** Found through META-INF/services in the test resources. */
public final class DiscoveredTestModule implements CodecModule {
  /** A type only this module registers. */
  public record DiscoveredPoint(int x, int y) {}

  @Override
  public void registerTo(CodecRegistry registry) {
    registry.register("discovered-point", DiscoveredPoint.class);
  }
}
