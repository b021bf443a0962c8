package dev.labbook.tck;

import dev.labbook.spi.Capability;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule about optional behaviour: it runs only where the store declares every capability
 * named, and is otherwise skipped through an assumption that names the first one missing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Requires {
  Capability[] value();
}
