package dev.labbook.tck;

/** The in-memory store declaring no ARTIFACTS: artifact calls must fail and change nothing. */
class NoArtifactsVariantTckTest extends VariantTck {
  @Override
  String variant() {
    return "no-artifacts";
  }
}
