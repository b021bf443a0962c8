package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Which classes may be registered, with the default codec or a custom one. */
final class Registrations {
  /** Classes with a fixed built-in encoding that no codec may replace. */
  private static final Set<Class<?>> SCALARS = Set.of(Object.class, String.class, Boolean.class,
      Character.class, Byte.class, Short.class, Integer.class, Long.class, Float.class,
      Double.class, BigInteger.class, BigDecimal.class, Void.class, Optional.class,
      OptionalInt.class, OptionalLong.class, OptionalDouble.class);

  private Registrations() {}

  /** Why {@code type} cannot be registered with a custom codec, or null. */
  static String customProblem(Class<?> type) {
    if (type.isPrimitive() || SCALARS.contains(type)) {
      return type == Object.class ? "every value is an Object; register a more specific type"
          : "it has a built-in encoding that no codec replaces";
    }
    return null;
  }

  /** Why the default codec cannot handle {@code type}, or null. */
  static String defaultProblem(Class<?> type) {
    String custom = customProblem(type);
    if (custom != null) {
      return custom;
    } else if (type.isEnum() || type.isRecord()) {
      return null;
    } else if (type.isArray()) {
      return "the default codec handles records, enums and classes, not arrays";
    } else if (Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
        || Optional.class == type || JsonNode.class.isAssignableFrom(type)) {
      return "the default codec does not handle maps, collections, Optional or JSON trees;"
          + " register it with a Codec";
    } else if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return "the default codec cannot build an instance of an interface or abstract class;"
          + " register its implementations, or register it with a Codec";
    } else if (type.isAnonymousClass() || type.isSynthetic()) {
      return "anonymous and synthetic classes cannot be built by the default codec";
    } else if (Enum.class.isAssignableFrom(type)) {
      return "register the enum " + type.getSuperclass().getName() + " itself";
    }
    String problem = BeanCodec.of(Types.of(type)).problem();
    return problem == null ? null : "the default codec cannot build it: " + problem
        + "; make it a record, or register it with a Codec";
  }
}
