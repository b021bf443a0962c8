package dev.labbook;

/**
 * A record with this name already exists (a config of the same kind and name with other
 * content, or an experiment of the same name). The stored record is kept unchanged.
 */
public class DuplicateNameException extends LabbookException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final String name;

  /**
   * @param kind what kind of record clashed: a config kind such as {@code task}, or
   *     {@code experiment}
   * @param name the name that is taken
   */
  public DuplicateNameException(String kind, String name) {
    super(kind + " " + dev.labbook.internal.Names.quote(name) + " already exists; the stored one is kept");
    this.kind = kind;
    this.name = name;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }
}
