package dev.labbook;

/** The store was closed; every call on it after {@code close()} throws this. */
public class StoreClosedException extends LabbookException {
  private static final long serialVersionUID = 1L;

  public StoreClosedException(String redactedUri) {
    super("store " + redactedUri + " is closed; open a new Labbook to use it again");
  }
}
