package dev.labbook.store.json;

import dev.labbook.internal.Json;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns names into file names: one path segment per name, distinct for distinct names, safe on
 * every common file system, and readable where the name is.
 *
 * <p>The encoding: the name's characters as UTF-8 bytes (unpaired surrogates, which only ids can
 * hold, encoded as their three bytes, so every Java string has its own bytes); each byte in
 * {@code [a-z0-9_-]} is kept, every other byte becomes {@code %XX} with upper-case hex. So the
 * result holds no {@code .}, {@code /}, {@code \}, {@code :} or upper-case letter of the name:
 * it cannot climb out of its folder, two names that differ only in case or in Unicode
 * normalization stay two files (also where the file system folds case or normalizes), and a
 * suffix such as {@code .json} can follow without ambiguity. A result that is a Windows device
 * name ({@code con}, {@code nul}, {@code com1}…) has its first letter escaped too
 * ({@code %63on}). A result longer than {@value #MAX_SEGMENT} bytes is cut to a readable prefix
 * followed by {@code +} and the SHA-256 of the name's bytes; such a file holds the real name,
 * which readers check.
 */
final class FileNames {
  /** The longest segment made, well under the 255 bytes file systems allow, leaving room for suffixes. */
  static final int MAX_SEGMENT = 200;
  /** How much of the encoding a hashed segment keeps, for people reading the folder. */
  private static final int HASHED_PREFIX = 120;
  /** Marks a hashed segment; plain encodings never hold it ({@code +} is escaped). */
  static final char HASHED = '+';
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final Set<String> DEVICES = Set.of("con", "prn", "aux", "nul",
      "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private FileNames() {}

  /** The segment for a name (any non-empty string). */
  static String encode(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an empty name has no file name");
    }
    byte[] bytes = bytes(name);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (kept(c)) {
        out.append((char) c);
      } else {
        escape(out, c);
      }
    }
    if (DEVICES.contains(out.toString().toLowerCase(Locale.ROOT))) {
      StringBuilder escaped = new StringBuilder();
      escape(escaped, out.charAt(0));
      out.replace(0, 1, escaped.toString());
    }
    if (out.length() <= MAX_SEGMENT) {
      return out.toString();
    }
    int cut = 0;
    while (cut < out.length()) {
      int token = out.charAt(cut) == '%' ? 3 : 1;
      if (cut + token > HASHED_PREFIX) {
        break;
      }
      cut += token;
    }
    return out.substring(0, cut) + HASHED + Json.sha256(bytes);
  }

  /** Whether a segment is a hashed one, whose name must be read from the file. */
  static boolean isHashed(String segment) {
    return segment.indexOf(HASHED) >= 0;
  }

  /**
   * The name a plain segment encodes; empty for a hashed segment and for anything this class
   * never makes (temporary files, foreign files, other spellings of a name).
   */
  static Optional<String> decode(String segment) {
    if (segment.isEmpty() || isHashed(segment)) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        int high = hex(segment.charAt(i + 1));
        int low = hex(segment.charAt(i + 2));
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c < 0x80 && kept(c)) {
        bytes.write(c);
      } else {
        return Optional.empty();
      }
    }
    Optional<String> name = string(bytes.toByteArray());
    // Only the one spelling this class makes counts: "%61" is not another file for "a".
    return name.filter(n -> encode(n).equals(segment));
  }

  private static boolean kept(int c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
  }

  private static void escape(StringBuilder out, int c) {
    out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /**
   * UTF-8, except that an unpaired surrogate is encoded like any other code point below
   * U+10000 instead of being replaced: core accepts any string as an id, and two ids must never
   * share a file.
   */
  static byte[] bytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | cp >> 6);
        out.write(0x80 | cp & 0x3F);
      } else if (cp < 0x10000) {
        out.write(0xE0 | cp >> 12);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      } else {
        out.write(0xF0 | cp >> 18);
        out.write(0x80 | cp >> 12 & 0x3F);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      }
    }
    return out.toByteArray();
  }

  /** The inverse of {@link #bytes}; empty for bytes it never makes. */
  private static Optional<String> string(byte[] b) {
    StringBuilder out = new StringBuilder(b.length);
    for (int i = 0; i < b.length; ) {
      int lead = b[i] & 0xFF;
      int length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
          : lead >= 0xF0 && lead < 0xF5 ? 4 : 0;
      if (length == 0 || i + length > b.length) {
        return Optional.empty();
      }
      int cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
      for (int k = 1; k < length; k++) {
        int next = b[i + k] & 0xFF;
        if ((next & 0xC0) != 0x80) {
          return Optional.empty();
        }
        cp = cp << 6 | next & 0x3F;
      }
      if (cp > Character.MAX_CODE_POINT) {
        return Optional.empty();
      }
      out.appendCodePoint(cp);
      i += length;
    }
    // Overlong forms and split surrogate pairs decode, but re-encode differently: the caller's
    // round-trip check turns them away.
    return Optional.of(out.toString());
  }
}
