package dev.daemonset.operator.client;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one fabric8 serialization (and so the one Jackson mapper) of the process: every client the operator builds,
 * and every class that converts, hashes or copies model objects, use it. Jackson builds a deserializer for a type
 * and for every type reachable from it once per mapper, by reflection; a pod template reaches some hundred model
 * classes, and each further mapper built that whole graph again. For a one-shot command such as explain that was a
 * fifth of its run.
 */
public final class SharedSerialization {
    public static final KubernetesSerialization INSTANCE = new KubernetesSerialization();

    private SharedSerialization() {}
}
