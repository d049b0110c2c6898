package dev.daemonset.operator.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.json.JsonMapper;

/**
 * The serialization of the clients {@link OperatorClients} builds: {@link SharedSerialization}'s, except that
 * an object's {@code metadata.managedFields} is skipped as it is read. The operator reads nothing of it (its
 * caches drop it), and on a real cluster it is a third to a half of a pod's JSON: the informers decoded it for
 * every pod event, a quarter of the time they spent on each pod. An object read this way and written back
 * (a status update) sends no managedFields, which the API server takes as "unchanged", not as "none"; one that
 * carries managedFields (built elsewhere) is still written with them.
 */
public final class OperatorSerialization {
    public static final KubernetesSerialization INSTANCE = new KubernetesSerialization(mapper().build(), true);

    private OperatorSerialization() {}

    /** A fresh builder of this serialization's mapper, for one that reads some types differently still. */
    public static JsonMapper.Builder mapper() {
        return SharedSerialization.mapper().addMixIn(ObjectMeta.class, ManagedFieldsUnread.class);
    }

    @JsonIgnoreProperties(value = "managedFields", allowGetters = true)
    private abstract static class ManagedFieldsUnread {}
}
