package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Type resolution: declared types are carried as Jackson {@link JavaType}s, which resolve type
 * variables of generic records and beans against their parameterization.
 */
final class Types {
  /** Used only for type resolution and bean introspection, never to read or write values. */
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final TypeFactory FACTORY = MAPPER.getTypeFactory();
  static final JavaType OBJECT = FACTORY.constructType(Object.class);

  private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class,
      char.class, Character.class, byte.class, Byte.class, short.class, Short.class,
      int.class, Integer.class, long.class, Long.class, float.class, Float.class,
      double.class, Double.class, void.class, Void.class);

  private Types() {}

  static JavaType of(Type type) {
    if (type == null) {
      return OBJECT;
    }
    return type instanceof JavaType jt ? jt : FACTORY.constructType(type);
  }

  /** A member's generic type ({@code List<T>}) resolved in the context of its owner's type. */
  static JavaType member(Type generic, JavaType owner) {
    return FACTORY.resolveMemberType(generic, owner.getBindings());
  }

  /** The {@code i}-th type argument of {@code type} seen as {@code generic}, else Object. */
  static JavaType param(JavaType type, Class<?> generic, int i) {
    JavaType[] params = type.findTypeParameters(generic);
    return params != null && i < params.length && params[i] != null ? params[i] : OBJECT;
  }

  static Class<?> boxed(Class<?> c) {
    return c.isPrimitive() ? BOXES.get(c) : c;
  }

  static boolean isAbstract(Class<?> c) {
    return c.isInterface() || Modifier.isAbstract(c.getModifiers()) && !c.isArray()
        && !c.isPrimitive();
  }

  static boolean isNatural(JavaType type) {
    return type.getRawClass() == Object.class;
  }

  /** {@code java.util.List<java.lang.Double>}, for messages. */
  static String name(JavaType type) {
    return type.toCanonical();
  }

  /** "interface dev.x.Shape", "class dev.x.Task", for messages. */
  static String describe(Class<?> c) {
    if (c.isArray() || c.isPrimitive()) {
      return c.getTypeName();
    }
    return (c.isInterface() ? "interface " : c.isRecord() ? "record "
        : Modifier.isAbstract(c.getModifiers()) ? "abstract class " : c.isEnum() ? "enum "
        : "class ") + c.getName();
  }

  /** The plain reflection form of {@code type}, as handed to {@link References#resolve}. */
  static Type toReflect(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (type.isArrayType()) {
      Type component = toReflect(type.getContentType());
      return component instanceof Class<?> c ? c.arrayType() : new ArrayType(component);
    }
    int n = raw.getTypeParameters().length;
    if (n == 0 || type.containedTypeCount() != n) {
      return raw;
    }
    Type[] args = new Type[n];
    for (int i = 0; i < n; i++) {
      args[i] = toReflect(type.containedType(i));
    }
    return new Parameterized(raw, args);
  }

  private record ArrayType(Type component) implements GenericArrayType {
    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GenericArrayType g
          && component.equals(g.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String toString() {
      return component.getTypeName() + "[]";
    }
  }

  private record Parameterized(Class<?> raw, Type[] args) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return raw.getDeclaringClass();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p && raw.equals(p.getRawType())
          && Objects.equals(getOwnerType(), p.getOwnerType())
          && Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // the JDK's own implementation's formula, so both kinds hash alike
      return Arrays.hashCode(args) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(raw.getName()).append('<');
      for (int i = 0; i < args.length; i++) {
        out.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
      }
      return out.append('>').toString();
    }
  }
}
