package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.controller.StrictModelMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * The lists a one-shot command reads beside its DaemonSet, decoded by the mapper that decoded the DaemonSet
 * ({@link StrictModelMapper}). The client's own mapper would build the deserializers of the whole pod model a
 * second time, which took a command such as explain longer than its requests.
 */
public final class ModelLists {
    private ModelLists() {}

    public static List<Node> nodes(KubernetesClient client) {
        return items(client, "/api/v1/nodes", NodeList.class);
    }

    public static List<Pod> pods(KubernetesClient client, String namespace) {
        return items(client, "/api/v1/namespaces/" + ApiPaths.segment(namespace) + "/pods", PodList.class);
    }

    public static List<ControllerRevision> revisions(KubernetesClient client, String namespace) {
        return items(
                client,
                "/apis/apps/v1/namespaces/" + ApiPaths.segment(namespace) + "/controllerrevisions",
                ControllerRevisionList.class);
    }

    /** The Warning events about pods in the namespace (a field selector the API server serves for events). */
    public static List<Event> podWarnings(KubernetesClient client, String namespace) {
        return items(
                client,
                "/api/v1/namespaces/" + ApiPaths.segment(namespace)
                        + "/events?fieldSelector=involvedObject.kind%3DPod%2Ctype%3DWarning",
                EventList.class);
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> items(
            KubernetesClient client, String path, Class<L> type) {
        String json = client.raw(path);
        if (json == null) {
            return List.of();
        }
        L list;
        try {
            list = StrictModelMapper.MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            // an object with a field of a type the strict reading refuses (stored by a server that did not
            // validate it): read as the client reads it, as it was read before
            list = client.getKubernetesSerialization().unmarshal(json, type);
        }
        return list.getItems() == null ? List.of() : list.getItems();
    }
}
