package dev.labbook.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.AnnotatedAndMetadata;
import com.fasterxml.jackson.databind.introspect.AnnotatedConstructor;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedWithParams;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.introspect.PotentialCreator;
import com.fasterxml.jackson.databind.introspect.PotentialCreators;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default codec for other classes: Jackson's introspection finds the properties (getters,
 * public fields, setters, {@code @JsonProperty}, {@code @JsonIgnore}) and how to build an
 * instance (a no-argument constructor or a properties-based {@code @JsonCreator}), but every
 * property value goes through the registry.
 */
final class BeanCodec {
  private static final Map<JavaType, BeanCodec> CACHE = new ConcurrentHashMap<>();
  private static final List<String> FOREIGN = List.of("java.", "javax.", "jdk.", "sun.",
      "com.sun.", "com.fasterxml.jackson.");

  private record Prop(String name, String key, AnnotatedMember member, JavaType type) {}

  private final Class<?> type;
  private final List<Prop> readers = new ArrayList<>();
  private final List<Prop> writers = new ArrayList<>();
  private final List<Prop> creatorParams = new ArrayList<>();
  private AnnotatedWithParams creator;
  private String problem;

  static BeanCodec of(JavaType type) {
    return CACHE.computeIfAbsent(type, BeanCodec::new);
  }

  /** True for classes the registry may encode as beans without their being registered. */
  static boolean isMappable(Class<?> c) {
    if (Types.isAbstract(c) || c.isArray() || c.isPrimitive() || c.isSynthetic()) {
      return false;
    }
    for (String prefix : FOREIGN) {
      if (c.getName().startsWith(prefix)) {
        return false;
      }
    }
    return !of(Types.of(c)).readers.isEmpty();
  }

  private BeanCodec(JavaType bean) {
    type = bean.getRawClass();
    BeanDescription out = Types.MAPPER.getSerializationConfig().introspect(bean);
    for (BeanPropertyDefinition p : out.findProperties()) {
      AnnotatedMember accessor = p.getAccessor();
      if (p.couldSerialize() && accessor != null) {
        accessor.fixAccess(true);
        readers.add(new Prop(p.getName(), Keys.escape(p.getName()), accessor, accessor.getType()));
      }
    }
    BeanDescription in = Types.MAPPER.getDeserializationConfig().introspect(bean);
    findCreator(in);
    Set<String> byCreator = new HashSet<>();
    creatorParams.forEach(p -> byCreator.add(p.name()));
    for (BeanPropertyDefinition p : in.findProperties()) {
      AnnotatedMember mutator = p.getNonConstructorMutator();
      if (mutator != null && !byCreator.contains(p.getName())) {
        mutator.fixAccess(true);
        JavaType t = mutator instanceof AnnotatedMethod m ? m.getParameterType(0) : mutator.getType();
        writers.add(new Prop(p.getName(), Keys.escape(p.getName()), mutator, t));
      }
    }
  }

  private void findCreator(BeanDescription in) {
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      problem = "it is an inner class; make it static";
      return;
    }
    PotentialCreators potential = in.getPotentialCreators();
    if (potential != null && potential.propertiesBased != null) {
      PotentialCreator c = potential.propertiesBased;
      List<String> names = new ArrayList<>();
      for (int i = 0; i < c.paramCount(); i++) {
        PropertyName name = c.explicitName(i) != null ? c.explicitName(i) : c.implicitName(i);
        names.add(name == null ? null : name.getSimpleName());
      }
      useCreator(c.creator(), names);
      return;
    }
    List<AnnotatedConstructor> annotated = new ArrayList<>();
    for (AnnotatedAndMetadata<AnnotatedConstructor, JsonCreator.Mode> c
        : in.getConstructorsWithMode()) {
      if (c.metadata != null && c.metadata != JsonCreator.Mode.DELEGATING
          && c.metadata != JsonCreator.Mode.DISABLED) {
        annotated.add(c.annotated);
      }
    }
    if (annotated.size() == 1) {
      useCreator(annotated.get(0), new ArrayList<>());
    } else if (in.findDefaultConstructor() != null) {
      creator = in.findDefaultConstructor();
      creator.fixAccess(true);
    } else {
      problem = "it has neither a no-argument constructor nor a @JsonCreator constructor whose"
          + " parameters are all named";
    }
  }

  /** Uses a properties-based creator; unnamed parameters take their compiled names. */
  private void useCreator(AnnotatedWithParams c, List<String> names) {
    Parameter[] params = ((Executable) c.getMember()).getParameters();
    for (int i = 0; i < c.getParameterCount(); i++) {
      String name = i < names.size() ? names.get(i) : null;
      if (name == null && params[i].isNamePresent()) {
        name = params[i].getName();
      }
      if (name == null) {
        problem = "parameter " + i + " of its @JsonCreator has no name; annotate it with"
            + " @JsonProperty or compile with -parameters";
        return;
      }
      creatorParams.add(new Prop(name, Keys.escape(name), c.getParameter(i),
          c.getParameterType(i)));
    }
    creator = c;
    creator.fixAccess(true);
  }

  /** Why instances cannot be built from JSON, or null if they can. */
  String problem() {
    return problem;
  }

  ObjectNode encode(Object value, Encoder encoder, Path path) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Prop p : readers) {
      Object v;
      try {
        v = p.member().getValue(value);
      } catch (RuntimeException e) {
        Throwable cause = e.getCause() instanceof InvocationTargetException t ? t.getCause() : e;
        throw new Failure("cannot read property \"" + p.name() + "\" of " + type.getName()
            + " at " + path + ": " + cause, cause);
      }
      out.set(p.key(), encoder.encode(v, p.type(), path.key(p.name())));
    }
    return out;
  }

  Object decode(ObjectNode node, Decoder decoder, Path path) {
    if (problem != null) {
      throw new Failure("cannot decode " + type.getName() + " at " + path + ": " + problem);
    }
    Object[] args = new Object[creatorParams.size()];
    for (int i = 0; i < args.length; i++) {
      Prop p = creatorParams.get(i);
      JsonNode v = node.get(p.key());
      Path at = path.key(p.name());
      args[i] = v == null
          ? Decoder.missing(p.type(), "property \"" + p.name() + "\" of " + type.getName(), at)
          : decoder.decode(v, p.type(), at);
    }
    Object bean;
    try {
      bean = args.length == 0 ? creator.call() : creator.call(args);
    } catch (Exception e) {
      Throwable cause = e instanceof InvocationTargetException t ? t.getCause() : e;
      throw new Failure("cannot build " + type.getName() + " at " + path + ": " + cause, cause);
    }
    for (Prop p : writers) {
      JsonNode v = node.get(p.key());
      if (v != null) {
        Object value = decoder.decode(v, p.type(), path.key(p.name()));
        try {
          p.member().setValue(bean, value);
        } catch (RuntimeException e) {
          Throwable cause = e.getCause() instanceof InvocationTargetException t ? t.getCause() : e;
          throw new Failure("cannot set property \"" + p.name() + "\" of " + type.getName()
              + " at " + path + ": " + cause, cause);
        }
      }
    }
    return bean;
  }
}
