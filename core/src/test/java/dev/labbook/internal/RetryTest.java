package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.spi.TransientStoreException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  @Test
  void anOperationRunsAgainAfterATransientFailureUpToFiveTimes() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(Retry.transiently(() -> calls.incrementAndGet() < 3 ? fail() : "done")).isEqualTo("done");
    assertThat(calls).hasValue(3);

    AtomicInteger always = new AtomicInteger();
    assertThatThrownBy(() -> Retry.transiently(() -> {
      always.incrementAndGet();
      return fail();
    })).isInstanceOf(TransientStoreException.class);
    assertThat(always).hasValue(Retry.ATTEMPTS);
  }

  @Test
  void insideAUnitOfWorkOperationsAreNotRetriedButTheOutermostUnitIs() {
    AtomicInteger units = new AtomicInteger();
    AtomicInteger nested = new AtomicInteger();
    AtomicInteger operations = new AtomicInteger();

    String result = Retry.unitOfWork(() -> {
      units.incrementAndGet();
      Retry.unitOfWork(() -> nested.incrementAndGet());
      // The first time, the operation fails once: the failure leaves the unit, whole.
      return Retry.transiently(() -> operations.incrementAndGet() == 1 ? fail() : "committed");
    });

    assertThat(result).isEqualTo("committed");
    assertThat(units).hasValue(2);
    assertThat(nested).hasValue(2);
    assertThat(operations).hasValue(2);
    // Outside the unit again, operations retry as before.
    AtomicInteger after = new AtomicInteger();
    assertThat(Retry.transiently(() -> after.incrementAndGet() == 1 ? fail() : "ok")).isEqualTo("ok");
  }

  private static String fail() {
    throw new TransientStoreException("a deadlock", null);
  }
}
