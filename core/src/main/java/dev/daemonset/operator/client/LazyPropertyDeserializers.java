package dev.daemonset.operator.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.ClassUtil;

/**
 * Builds the deserializer of a structured property (an object, list or map) when the first value of it is read,
 * rather than when the object holding it gets its deserializer. Jackson builds a bean's deserializer and, at once,
 * those of every type reachable from it: for a DaemonSet that is the whole pod model, some two hundred classes
 * introspected by reflection (thirty volume sources, ephemeral containers, Windows options...), of which a node
 * agent's manifest uses a few dozen. In a one-shot command that introspection was the largest part of the run;
 * deferred, only the types present in the data are ever introspected. Reading is unchanged: the deserializer a
 * property gets is the one Jackson would have given it, found through the same context and property, so coercion
 * rules, null handling and error paths are those of the mapper.
 */
public final class LazyPropertyDeserializers {
    private LazyPropertyDeserializers() {}

    public static SimpleModule module() {
        return new SimpleModule("lazy-property-deserializers").setDeserializerModifier(new Deferring());
    }

    /** Gives every structured property of a bean a deferred deserializer, before the bean resolves its own. */
    private static final class Deferring extends ValueDeserializerModifier {
        @Override
        public BeanDeserializerBuilder updateBuilder(
                DeserializationConfig config, BeanDescription.Supplier bean, BeanDeserializerBuilder builder) {
            List<SettableBeanProperty> deferred = new ArrayList<>();
            for (Iterator<SettableBeanProperty> it = builder.getProperties(); it.hasNext(); ) {
                SettableBeanProperty property = it.next();
                // a creator's parameters are also held by its instantiator, which would keep the eager one
                if (!property.hasValueDeserializer()
                        && !property.isCreatorProperty()
                        && structured(property.getType())) {
                    deferred.add(property.withValueDeserializer(new Deferred(property.getType(), null)));
                }
            }
            deferred.forEach(p -> builder.addOrReplaceProperty(p, true));
            return builder;
        }

        /** Scalars (strings, numbers, booleans, JDK types) cost little to build and are read the most. */
        private static boolean structured(JavaType type) {
            return type.isContainerType() || !ClassUtil.isJDKClass(type.getRawClass()) && !type.isEnumType();
        }
    }

    /**
     * Stands for the deserializer of one property until a value of it is read. Two threads reading at once may
     * both look it up; the mapper's cache gives them the same deserializer.
     */
    private static final class Deferred extends ValueDeserializer<Object> {
        private final JavaType type;
        private final BeanProperty property;
        private volatile ValueDeserializer<Object> target;

        Deferred(JavaType type, BeanProperty property) {
            this.type = type;
            this.property = property;
        }

        private ValueDeserializer<Object> target(DeserializationContext ctxt) {
            ValueDeserializer<Object> found = target;
            if (found == null) {
                found = ctxt.findContextualValueDeserializer(type, property);
                target = found;
            }
            return found;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new Deferred(type, property);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return target(ctxt).deserialize(p, ctxt);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws JacksonException {
            return target(ctxt).deserialize(p, ctxt, intoValue);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
                throws JacksonException {
            return target(ctxt).deserializeWithType(p, ctxt, typeDeserializer);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return target(ctxt).getNullValue(ctxt);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return target(ctxt).getAbsentValue(ctxt);
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) {
            return target(ctxt).getEmptyValue(ctxt);
        }

        @Override
        public Class<?> handledType() {
            return type.getRawClass();
        }

        @Override
        public ValueDeserializer<?> getDelegatee() {
            return target;
        }

        @Override
        public boolean isCachable() {
            return false;
        }
    }
}
