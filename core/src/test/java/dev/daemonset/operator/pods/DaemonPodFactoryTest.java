package dev.daemonset.operator.pods;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.Claims;
import dev.daemonset.operator.plan.OwnershipPlanner;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonPodFactoryTest {
    @Test
    void podCarriesTemplateLabelsHashOwnerAndGenerateName() {
        DaemonSet ds = daemonSet("node-exporter");
        ds.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("team", "obs"));
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "abc123", "worker-1");

        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("node-exporter-");
        assertThat(pod.getMetadata().getName()).isNull();
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("app", "node-exporter")
                .containsEntry("controller-revision-hash", "abc123");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("team", "obs");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getApiVersion()).isEqualTo("daemonset.dev/v1alpha1");
            assertThat(ref.getKind()).isEqualTo("DaemonSet");
            assertThat(ref.getUid()).isEqualTo(ds.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
    }

    @Test
    void schedulerBindsThePodNotTheController() {
        DaemonSet ds = daemonSet("agent");
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "h", "worker-2");
        assertThat(pod.getSpec().getNodeName()).isNull();
        List<NodeSelectorTerm> terms = pod.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).singleElement().satisfies(t -> {
            assertThat(t.getMatchExpressions()).isNullOrEmpty();
            assertThat(t.getMatchFields())
                    .containsExactly(new NodeSelectorRequirement("metadata.name", "In", List.of("worker-2")));
        });
    }

    @Test
    void requiredTermsAreReplacedPreferredKeptAndTemplateUntouched() {
        DaemonSet ds = daemonSet("agent");
        NodeSelectorTerm zone =
                new NodeSelectorTerm(List.of(new NodeSelectorRequirement("zone", "In", List.of("a"))), null);
        PreferredSchedulingTerm ssd = new PreferredSchedulingTerm(
                new NodeSelectorTerm(List.of(new NodeSelectorRequirement("disk", "In", List.of("ssd"))), null), 10);
        ds.getSpec()
                .getTemplate()
                .getSpec()
                .setAffinity(new Affinity(new NodeAffinity(List.of(ssd), new NodeSelector(List.of(zone))), null, null));
        String templateBefore = ds.getSpec().getTemplate().toString();

        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "h", "w1");

        NodeAffinity na = pod.getSpec().getAffinity().getNodeAffinity();
        assertThat(na.getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.getWeight()).isEqualTo(10);
                    assertThat(t.getPreference().getMatchExpressions())
                            .isEqualTo(ssd.getPreference().getMatchExpressions());
                });
        assertThat(na.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .singleElement()
                .satisfies(
                        t -> assertThat(t.getMatchFields().get(0).getValues()).containsExactly("w1"));
        assertThat(ds.getSpec().getTemplate().toString()).isEqualTo(templateBefore);
    }

    @Test
    void defaultDaemonTolerationsAreAdded() {
        DaemonSet ds = daemonSet("agent");
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "h", "w1");
        assertThat(pod.getSpec().getTolerations())
                .extracting(Toleration::getKey)
                .contains(
                        "node.kubernetes.io/not-ready",
                        "node.kubernetes.io/unreachable",
                        "node.kubernetes.io/disk-pressure",
                        "node.kubernetes.io/memory-pressure",
                        "node.kubernetes.io/pid-pressure",
                        "node.kubernetes.io/unschedulable")
                .doesNotContain("node.kubernetes.io/network-unavailable");
        ds.getSpec().getTemplate().getSpec().setHostNetwork(true);
        Pod hostNet = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "h", "w1");
        assertThat(hostNet.getSpec().getTolerations())
                .extracting(Toleration::getKey)
                .contains("node.kubernetes.io/network-unavailable");
    }

    @Test
    void everyPodIsMarkedAsOurDaemonPodForDrainAndTheClusterAutoscaler() {
        DaemonSet ds = daemonSet("agent");
        ds.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "agent", "daemonset.dev/daemon-pod", "no"));
        Pod plain = DaemonPodFactory.newPod(
                daemonSet("plain"), daemonSet("plain").getSpec().getTemplate(), "h", 3, "w1");
        Pod relabelled = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), "h", "w1");

        for (Pod pod : List.of(plain, relabelled)) {
            assertThat(pod.getMetadata().getLabels()).containsEntry("daemonset.dev/daemon-pod", "true");
            assertThat(pod.getMetadata().getAnnotations())
                    .containsEntry("cluster-autoscaler.kubernetes.io/daemonset-pod", "true");
        }
        assertThat(ds.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("daemonset.dev/daemon-pod", "no");
    }

    @Test
    void theMarksChangeNeitherTheRevisionHashNorWhichPodsTheSelectorClaims() {
        DaemonSet ds = daemonSet("agent");
        String before = TemplateHasher.hash(ds.getSpec().getTemplate(), null);
        Pod pod = DaemonPodFactory.newPod(ds, ds.getSpec().getTemplate(), before, "w1");
        pod.getMetadata().setName("agent-1");

        assertThat(TemplateHasher.hash(ds.getSpec().getTemplate(), null)).isEqualTo(before);
        assertThat(ds.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("daemonset.dev/daemon-pod");
        assertThat(ds.getSpec().getTemplate().getMetadata().getAnnotations())
                .satisfiesAnyOf(
                        a -> assertThat(a).isNull(),
                        a -> assertThat(a).doesNotContainKey("cluster-autoscaler.kubernetes.io/daemonset-pod"));
        Claims<Pod> claims = OwnershipPlanner.claim(ds.getSpec().getSelector(), false, List.of(pod), List.of());
        assertThat(claims.claimed()).containsExactly(pod);
        DaemonSet other = daemonSet("other", "default", Map.of("app", "other"));
        Pod stranger = DaemonPodFactory.newPod(other, other.getSpec().getTemplate(), "h", "w1");
        assertThat(OwnershipPlanner.claim(ds.getSpec().getSelector(), false, List.of(), List.of(stranger))
                        .toAdopt())
                .isEmpty();
    }
}
