package dev.labbook.tck;

import dev.labbook.spi.Capability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule about what a store must do where it does not declare a capability (fail with
 * {@link dev.labbook.UnsupportedCapabilityException} and change nothing): it runs only where the
 * capability is absent, and is otherwise skipped through an assumption that names it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface RequiresAbsent {
  Capability value();
}
