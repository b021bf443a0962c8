package dev.labbook;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Defensive copies for the value records: unmodifiable, null-tolerant in their contents. */
final class Values {
  private Values() {}

  static Set<String> sortedSet(Collection<String> values) {
    return values == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }

  /** An unmodifiable, insertion-ordered copy; null values are kept (JSON null). */
  static Map<String, Object> map(Map<String, ?> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
