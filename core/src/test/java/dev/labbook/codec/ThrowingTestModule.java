package dev.labbook.codec;

/** Listed in META-INF/services, but cannot be instantiated. */
public final class ThrowingTestModule implements CodecModule {
  public ThrowingTestModule() {
    throw new IllegalStateException("this module is broken on purpose");
  }

  @Override
  public void registerTo(CodecRegistry registry) {
    throw new AssertionError("never instantiated");
  }
}
