package dev.daemonset.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.client.OperatorSerialization;
import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The pod informer's reading keeps every answer the cache gives, whichever way a pod arrives. */
class PodCacheClientTest {
    private static final KubernetesSerialization WHOLE = OperatorSerialization.INSTANCE;
    private static final KubernetesSerialization CACHE = PodCacheClient.SERIALIZATION;

    static Stream<Pod> pods() {
        return TrimmedPodsTest.pods();
    }

    @ParameterizedTest
    @MethodSource("pods")
    void aWatchedPodIsCachedAsTheWholePodWouldBe(Pod pod) {
        String json = WHOLE.asJson(pod);
        Pod watched = watched("MODIFIED", json);
        Pod whole = WHOLE.unmarshal(json, Pod.class);
        assertSameInCache(watched, whole);
    }

    @ParameterizedTest
    @MethodSource("pods")
    void aListedPodIsCachedAsTheWholePodWouldBe(Pod pod) {
        PodList list = new PodList();
        list.setItems(List.of(pod, pod));
        PodList listed = CACHE.unmarshal(WHOLE.asJson(list), PodList.class);
        assertThat(listed.getItems()).hasSize(2);
        for (Pod item : listed.getItems()) {
            assertSameInCache(item, WHOLE.unmarshal(WHOLE.asJson(pod), Pod.class));
        }
    }

    @ParameterizedTest
    @MethodSource("pods")
    void thePropertiesInAnyOrderWithUnknownOnesAmongThemReadTheSame(Pod pod) {
        ObjectNode natural = (ObjectNode) WHOLE.unmarshal(WHOLE.asJson(pod), JsonNode.class);
        ObjectNode reordered = natural.objectNode();
        reordered.put("unknownFirst", "x");
        List<String> names = new ArrayList<>(natural.propertyNames());
        java.util.Collections.reverse(names); // status, spec, metadata, kind, apiVersion: kind after the rest
        for (String name : names) {
            reordered.set(name, natural.get(name));
        }
        reordered.putObject("unknownObject").putArray("a").add(1);
        if (reordered.get("spec") instanceof ObjectNode spec) {
            spec.putObject("futureField").put("nested", true);
        }
        String json = reordered.toString();
        Pod whole = WHOLE.unmarshal(json, Pod.class);
        assertSameInCache(watched("ADDED", json), whole);
        assertSameInCache(CACHE.unmarshal(json, Pod.class), whole);
    }

    @Test
    void aPodOfAnotherControllerIsReadNoFurtherThanItsIdentity() {
        Pod appPod = TrimmedPodsTest.pods()
                .filter(Owners::controlledByAnother)
                .findFirst()
                .orElseThrow();
        assertThat(appPod.getSpec().getContainers()).isNotEmpty();
        Pod watched = watched("ADDED", WHOLE.asJson(appPod));
        assertThat(watched.getSpec()).isNull();
        assertThat(watched.getStatus()).isNull();
        assertThat(Owners.controllerOf(watched).getUid())
                .isEqualTo(Owners.controllerOf(appPod).getUid());
    }

    @Test
    void aDaemonPodsContainersAndVolumesAreNotRead() {
        Pod ours = TrimmedPodsTest.pods()
                .filter(p -> Owners.daemonSetControllerOf(p) != null)
                .findFirst()
                .orElseThrow();
        assertThat(ours.getSpec().getContainers()).isNotEmpty();
        assertThat(ours.getSpec().getVolumes()).isNotEmpty();
        Pod watched = watched("ADDED", WHOLE.asJson(ours));
        assertThat(watched.getSpec().getContainers()).isEmpty();
        assertThat(watched.getSpec().getVolumes()).isEmpty();
        assertThat(PodTargets.targetNode(watched)).isEqualTo(PodTargets.targetNode(ours));
    }

    @Test
    void aReadyPodsContainerStatesAreNotReadButANotReadyPodsAre() {
        Pod ready = new PodBuilder(TrimmedPodsTest.pods()
                        .filter(p -> Owners.daemonSetControllerOf(p) != null)
                        .filter(PodConditions::isReady)
                        .findFirst()
                        .orElseThrow())
                .editStatus()
                .addNewContainerStatus()
                .withName("agent")
                .withReady(true)
                .withImage("registry.example/agent:1.0")
                .endContainerStatus()
                .endStatus()
                .build();
        Pod notReady = TrimmedPodsTest.pods()
                .filter(p -> p.getStatus() != null
                        && !p.getStatus().getContainerStatuses().isEmpty())
                .filter(p -> !PodConditions.isReady(p))
                .findFirst()
                .orElseThrow();
        assertThat(watched("MODIFIED", WHOLE.asJson(ready)).getStatus().getContainerStatuses())
                .isEmpty();
        assertThat(watched("MODIFIED", WHOLE.asJson(notReady)).getStatus().getContainerStatuses())
                .hasSameSizeAs(notReady.getStatus().getContainerStatuses());
    }

    @Test
    void anErrorEventsStatusIsReadAsFabric8ReadsIt() {
        Status gone = new Status();
        gone.setCode(410);
        gone.setReason("Expired");
        gone.setMessage("too old resource version: 1 (2)");
        String event = "{\"type\":\"ERROR\",\"object\":" + WHOLE.asJson(gone) + "}";
        Object object = CACHE.unmarshal(event, WatchEvent.class).getObject();
        assertThat(object).isInstanceOf(Status.class);
        assertThat(((Status) object).getCode()).isEqualTo(410);
        assertThat(WHOLE.asJson(object))
                .isEqualTo(WHOLE.asJson(WHOLE.unmarshal(event, WatchEvent.class).getObject()));
    }

    @Test
    void nullSpecStatusAndAffinityAreReadAsNull() {
        String json = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},"
                + "\"spec\":{\"affinity\":null,\"nodeName\":null},\"status\":null}";
        Pod watched = watched("ADDED", json);
        assertThat(watched.getSpec().getAffinity()).isNull();
        assertThat(watched.getStatus()).isNull();
        assertSameInCache(watched, WHOLE.unmarshal(json, Pod.class));
        Pod noSpec = watched(
                "ADDED", "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"},\"spec\":null}");
        assertThat(noSpec.getSpec()).isNull();
    }

    @Test
    void aSpecThatIsNotAnObjectFailsAsForTheWholePod() {
        String json = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"},\"spec\":\"oops\"}";
        assertThatThrownBy(() -> WHOLE.unmarshal(json, Pod.class)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> CACHE.unmarshal(json, Pod.class)).isInstanceOf(RuntimeException.class);
    }

    private static Pod watched(String type, String podJson) {
        WatchEvent event = CACHE.unmarshal("{\"type\":\"" + type + "\",\"object\":" + podJson + "}", WatchEvent.class);
        assertThat(event.getType()).isEqualTo(type);
        assertThat(event.getObject()).isInstanceOf(Pod.class);
        return (Pod) event.getObject();
    }

    /** What the cache keeps of both, and what the event handlers read of the pod before it is trimmed (PodEventHandler). */
    private static void assertSameInCache(Pod read, Pod whole) {
        assertThat(WHOLE.asJson(TrimmedPods.trim(read))).isEqualTo(WHOLE.asJson(TrimmedPods.trim(whole)));
        if (!TrimmedPods.keepsIdentityOnly(whole)) {
            assertThat(PodTargets.targetNode(read)).isEqualTo(PodTargets.targetNode(whole));
        }
        assertThat(read.getMetadata().getDeletionTimestamp())
                .isEqualTo(whole.getMetadata().getDeletionTimestamp());
        assertThat(read.getMetadata().getResourceVersion())
                .isEqualTo(whole.getMetadata().getResourceVersion());
        assertThat(read.getMetadata().getLabels()).isEqualTo(whole.getMetadata().getLabels());
        assertThat(read.getMetadata().getOwnerReferences())
                .isEqualTo(whole.getMetadata().getOwnerReferences());
        assertThat(read.getMetadata().getManagedFields()).isEmpty();
        assertThat(Map.of("kind", read.getKind(), "apiVersion", read.getApiVersion()))
                .isEqualTo(Map.of("kind", whole.getKind(), "apiVersion", whole.getApiVersion()));
    }
}
