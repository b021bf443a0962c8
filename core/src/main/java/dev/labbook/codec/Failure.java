package dev.labbook.codec;

import dev.labbook.CodecException;

/**
 * A {@link CodecException} raised by the registry itself, whose message already gives the
 * path; exceptions from codecs are wrapped in one that adds it.
 */
final class Failure extends CodecException {
  private static final long serialVersionUID = 1L;

  Failure(String message) {
    super(message);
  }

  Failure(String message, Throwable cause) {
    super(message, cause);
  }
}
