package dev.labbook.codec;

import dev.labbook.internal.Names;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where in a document a value sits, for error messages ({@code $.runs[2].config}), and how deep
 * it is nested. Immutable: each step makes a child.
 */
final class Path {
  /** Most segments a message shows; deeper paths show their last ones after an ellipsis. */
  private static final int SHOWN = 12;

  static final Path ROOT = new Path(null, null, -1, 0);

  private final Path parent;
  private final String key; // null for an index or an invisible step
  private final int index; // -1 for a key or an invisible step
  private final int depth;

  private Path(Path parent, String key, int index, int depth) {
    this.parent = parent;
    this.key = key;
    this.index = index;
    this.depth = depth;
  }

  Path key(String name) {
    return new Path(this, name, -1, depth + 1);
  }

  Path index(int i) {
    return new Path(this, null, i, depth + 1);
  }

  /** A value a codec encodes or decodes inside its own: deeper, but shown at the same place. */
  Path nested() {
    return new Path(this, null, -1, depth + 1);
  }

  boolean isRoot() {
    return depth == 0;
  }

  int depth() {
    return depth;
  }

  @Override
  public String toString() {
    Deque<Path> steps = new ArrayDeque<>();
    boolean cut = false;
    for (Path p = this; p.parent != null; p = p.parent) {
      if (p.key == null && p.index < 0) {
        continue;
      }
      if (steps.size() == SHOWN) {
        cut = true;
        break;
      }
      steps.push(p);
    }
    StringBuilder out = new StringBuilder(cut ? "$…" : "$");
    for (Path p : steps) {
      if (p.key == null) {
        out.append('[').append(p.index).append(']');
      } else if (isPlain(p.key)) {
        out.append('.').append(p.key);
      } else {
        out.append('[').append(Names.quote(p.key)).append(']');
      }
    }
    return out.toString();
  }

  private static boolean isPlain(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = c == '_' || c == '-' || c == '@' || c < 128 && Character.isLetterOrDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
