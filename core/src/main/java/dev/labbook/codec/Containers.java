package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The collections and maps decoding builds: for an interface ({@code List}, {@code Set},
 * {@code Map}, ...) an unmodifiable one keeping the stored order (sorted for
 * {@code SortedSet}/{@code SortedMap}); for a concrete class a new instance of it.
 */
final class Containers {
  private Containers() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Collection<Object> newCollection(JavaType type, Path path) {
    Class<?> raw = type.getRawClass();
    if (raw.isAssignableFrom(ArrayList.class)) {
      return new ArrayList<>();
    } else if (raw.isAssignableFrom(LinkedHashSet.class)) {
      return new LinkedHashSet<>();
    } else if (raw.isAssignableFrom(TreeSet.class)) {
      return new TreeSet<>();
    } else if (raw == EnumSet.class && type.getContentType().isEnumType()) {
      return (Collection<Object>) (Collection) EnumSet.noneOf(
          (Class<Enum>) type.getContentType().getRawClass());
    } else if (raw.isAssignableFrom(ArrayDeque.class)) {
      return new ArrayDeque<>();
    }
    return (Collection<Object>) instantiate(raw, type, path);
  }

  static Object seal(Class<?> raw, Collection<Object> c) {
    if (!raw.isInterface()) {
      return c;
    } else if (c instanceof List<Object> l) {
      return Collections.unmodifiableList(l);
    } else if (NavigableSet.class.isAssignableFrom(raw)) {
      return Collections.unmodifiableNavigableSet((NavigableSet<Object>) c);
    } else if (SortedSet.class.isAssignableFrom(raw)) {
      return Collections.unmodifiableSortedSet((SortedSet<Object>) c);
    } else if (c instanceof Set<Object> s) {
      return Collections.unmodifiableSet(s);
    }
    return c;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Map<Object, Object> newMap(JavaType type, Path path) {
    Class<?> raw = type.getRawClass();
    if (raw.isAssignableFrom(LinkedHashMap.class)) {
      return new LinkedHashMap<>();
    } else if (raw.isAssignableFrom(TreeMap.class)) {
      return new TreeMap<>();
    } else if (raw.isAssignableFrom(ConcurrentHashMap.class)) {
      return new ConcurrentHashMap<>();
    } else if (raw.isAssignableFrom(ConcurrentSkipListMap.class)) {
      return new ConcurrentSkipListMap<>();
    } else if (raw == EnumMap.class && type.getKeyType().isEnumType()) {
      return new EnumMap(type.getKeyType().getRawClass());
    }
    return (Map<Object, Object>) instantiate(raw, type, path);
  }

  static Object seal(Class<?> raw, Map<Object, Object> m) {
    if (!raw.isInterface()) {
      return m;
    } else if (raw.isAssignableFrom(LinkedHashMap.class)) {
      return Collections.unmodifiableMap(m);
    } else if (NavigableMap.class.isAssignableFrom(raw)) {
      return Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) m);
    } else if (SortedMap.class.isAssignableFrom(raw)) {
      return Collections.unmodifiableSortedMap((SortedMap<Object, Object>) m);
    }
    return m;
  }

  private static Object instantiate(Class<?> raw, JavaType type, Path path) {
    if (!Types.isAbstract(raw)) {
      try {
        Constructor<?> c = raw.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new Failure("cannot decode into " + Types.name(type) + " at " + path
            + ": cannot create one with a no-argument constructor (" + e + ")", e);
      }
    }
    throw new Failure("cannot decode into " + Types.name(type) + " at " + path + ": no implementation is"
        + " known for " + Types.describe(raw) + "; declare a List, Set, SortedSet, Queue, Map,"
        + " SortedMap or a concrete class");
  }
}
