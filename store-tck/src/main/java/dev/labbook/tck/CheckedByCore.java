package dev.labbook.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule whose outcome core decides before the backend is called (validation in the final
 * methods of {@code ConfigStore} and {@code ExperimentStore}): a backend cannot fail it, but it
 * states the contract users rely on, and fails if core's checks change. The rule list marks it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface CheckedByCore {}
