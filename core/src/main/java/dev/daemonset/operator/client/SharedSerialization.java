package dev.daemonset.operator.client;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fabric8 serialization of every class that converts, hashes or copies model objects (the clients of {@link
 * OperatorClients} use {@link OperatorSerialization}, the same with one property left unread). Jackson builds a
 * type's deserializer by reflection once per mapper; both mappers build a property's only when a value of it is
 * first read ({@link LazyPropertyDeserializers}), so that neither introspects the some two hundred model classes
 * a pod template reaches, of which a template uses a few dozen. For a one-shot command such as explain, building
 * the whole graph, once per mapper, had been a fifth of its run.
 */
public final class SharedSerialization {
    public static final KubernetesSerialization INSTANCE = new KubernetesSerialization(mapper().build(), true);

    private SharedSerialization() {}

    /**
     * fabric8's own mapper (the one its no-argument constructor builds, to which it then adds its modules), with
     * each structured property's deserializer built when its first value arrives.
     */
    static JsonMapper.Builder mapper() {
        return JsonMapper.builderWithJackson2Defaults()
                .addModule(new Jackson2JdkTypesModule())
                .addModule(LazyPropertyDeserializers.module());
    }
}
