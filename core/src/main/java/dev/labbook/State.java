package dev.labbook;

import java.time.Instant;

/**
 * A named document saved with an experiment to resume its search later, such as an optimizer's
 * state (Ax's generation strategy). Immutable; change one with {@link #withValue} and
 * {@link States#update(State)}, which succeeds only if the stored version is still
 * {@link #version()}.
 *
 * @param experimentId the experiment it belongs to
 * @param name unique within the experiment; a name (see the name rules)
 * @param value the value in its decoded form (see {@link dev.labbook.codec.CodecRegistry}): a
 *     registered type comes back as its class, anything else as maps, lists and scalars; turn
 *     it into a class with {@code lab.codecs().convert(state.value(), MyState.class)}
 * @param created when it was saved first
 * @param updated when it last changed
 * @param version 0 when saved, one more with each update
 */
public record State(String experimentId, String name, Object value, Instant created,
    Instant updated, long version) {

  /** This state with another value, to store with {@link States#update(State)}. */
  public State withValue(Object newValue) {
    return new State(experimentId, name, newValue, created, updated, version);
  }
}
