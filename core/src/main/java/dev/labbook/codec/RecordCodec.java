package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;

/**
 * The default codec for records: one object key per component (escaped if it starts with
 * {@code @}); decoding calls the canonical constructor. A missing component decodes as null
 * (an empty Optional for Optional components) and fails for a primitive one; keys that are no
 * component are ignored, so data written before a component was removed still reads.
 */
final class RecordCodec {
  private static final ClassValue<RecordCodec> CACHE = new ClassValue<>() {
    @Override
    protected RecordCodec computeValue(Class<?> type) {
      return new RecordCodec(type);
    }
  };

  private final Class<?> type;
  private final String[] names;
  private final String[] keys;
  private final Method[] accessors;
  private final Type[] generic;
  private final JavaType[] declared;
  private final Constructor<?> canonical;

  static RecordCodec of(Class<?> type) {
    return CACHE.get(type);
  }

  private RecordCodec(Class<?> type) {
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    names = new String[n];
    keys = new String[n];
    accessors = new Method[n];
    generic = new Type[n];
    declared = new JavaType[n];
    Class<?>[] raw = new Class<?>[n];
    JavaType self = Types.of(type);
    for (int i = 0; i < n; i++) {
      names[i] = components[i].getName();
      keys[i] = Keys.escape(names[i]);
      accessors[i] = open(components[i].getAccessor());
      generic[i] = components[i].getGenericType();
      declared[i] = Types.member(generic[i], self);
      raw[i] = components[i].getType();
    }
    try {
      canonical = open(type.getDeclaredConstructor(raw));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("record without canonical constructor: " + type, e);
    }
  }

  private static <T extends AccessibleObject> T open(T member) {
    try {
      member.trySetAccessible();
    } catch (SecurityException e) {
      // left as is: calling it reports the problem with the path
    }
    return member;
  }

  ObjectNode encode(Object record, Encoder encoder, Path path) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < names.length; i++) {
      Object value;
      try {
        value = accessors[i].invoke(record);
      } catch (InvocationTargetException e) {
        throw new Failure("cannot read component \"" + names[i] + "\" of " + type.getName()
            + " at " + path + ": " + e.getCause(), e.getCause());
      } catch (IllegalAccessException e) {
        throw new Failure("cannot read component \"" + names[i] + "\" of " + type.getName()
            + " at " + path + ": " + e.getMessage(), e);
      }
      out.set(keys[i], encoder.encode(value, declared[i], path.key(names[i])));
    }
    return out;
  }

  Object decode(ObjectNode node, JavaType target, Decoder decoder, Path path) {
    boolean parameterized = target.getRawClass() == type && target.containedTypeCount() > 0;
    Object[] args = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      JavaType componentType = parameterized ? Types.member(generic[i], target) : declared[i];
      JsonNode value = node.get(keys[i]);
      Path at = path.key(names[i]);
      args[i] = value == null
          ? Decoder.missing(componentType, "component \"" + names[i] + "\" of " + type.getName(),
              at)
          : decoder.decode(value, componentType, at);
    }
    try {
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new Failure("cannot build " + type.getName() + " at " + path
          + ": its constructor threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new Failure("cannot build " + type.getName() + " at " + path + ": " + e, e);
    }
  }
}
