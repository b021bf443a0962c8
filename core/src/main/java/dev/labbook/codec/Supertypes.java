package dev.labbook.codec;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds, for an unregistered class, the nearest registered supertype with a custom codec
 * (breadth first: superclass, then interfaces, level by level), with a cache that every
 * registration invalidates.
 */
final class Supertypes {
  private record Found(long version, Entry entry) {}

  private final Map<Class<?>, Entry> byType;
  private final Map<Class<?>, Found> cache = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();

  Supertypes(Map<Class<?>, Entry> byType) {
    this.byType = byType;
  }

  /** Called after each registration. */
  void invalidate() {
    version.incrementAndGet();
  }

  Entry nearestCustom(Class<?> type) {
    long now = version.get();
    Found found = cache.get(type);
    if (found == null || found.version() != now) {
      found = new Found(now, search(type));
      cache.put(type, found);
    }
    return found.entry();
  }

  private Entry search(Class<?> type) {
    Queue<Class<?>> queue = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    enqueueSupertypes(type, queue, seen);
    while (!queue.isEmpty()) {
      Class<?> c = queue.remove();
      Entry e = byType.get(c);
      if (e != null && e.kind() == Entry.Kind.CUSTOM) {
        return e;
      }
      enqueueSupertypes(c, queue, seen);
    }
    return null;
  }

  private static void enqueueSupertypes(Class<?> c, Queue<Class<?>> queue, Set<Class<?>> seen) {
    if (c.getSuperclass() != null && seen.add(c.getSuperclass())) {
      queue.add(c.getSuperclass());
    }
    for (Class<?> i : c.getInterfaces()) {
      if (seen.add(i)) {
        queue.add(i);
      }
    }
  }
}
