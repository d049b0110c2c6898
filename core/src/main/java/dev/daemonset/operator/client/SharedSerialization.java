package dev.daemonset.operator.client;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one fabric8 serialization (and so the one Jackson mapper) of the process: every client the operator builds,
 * and every class that converts, hashes or copies model objects, use it. Jackson builds a deserializer for a type
 * and for every type reachable from it once per mapper, by reflection; a pod template reaches some hundred model
 * classes, and each further mapper built that whole graph again. For a one-shot command such as explain that was a
 * fifth of its run.
 */
public final class SharedSerialization {
    /**
     * fabric8's own mapper (the one its no-argument constructor builds, to which it adds its modules) with the
     * deserializer of each structured property built when a value of it is first read ({@link
     * LazyPropertyDeserializers}): a pod template reaches some two hundred model classes, of which a template uses
     * a few dozen.
     */
    public static final KubernetesSerialization INSTANCE = new KubernetesSerialization(
            JsonMapper.builderWithJackson2Defaults()
                    .addModule(new Jackson2JdkTypesModule())
                    .addModule(LazyPropertyDeserializers.module())
                    .build(),
            true);

    private SharedSerialization() {}
}
