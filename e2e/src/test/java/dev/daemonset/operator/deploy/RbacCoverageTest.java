package dev.daemonset.operator.deploy;

import static dev.daemonset.operator.testing.Fixtures.daemonSet;
import static dev.daemonset.operator.testing.Fixtures.node;
import static dev.daemonset.operator.testing.Fixtures.taint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.controller.Operator;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records every API call the operator makes in a run that exercises each of its write paths, then
 * checks the ServiceAccount's RBAC in deploy/ both ways: every call is allowed, and every granted
 * verb is used (or listed below with the reason the run cannot show it).
 */
class RbacCoverageTest {
    /**
     * Granted but not seen in the recorded run, each for a stated reason. Keep this list short: an
     * entry is a permission no test proves the operator needs.
     */
    private static final Map<String, String> NOT_EXERCISED = Map.ofEntries(Map.entry(
            "daemonset.dev daemonsets/finalizers update",
            "not a request: OwnerReferencesPermissionEnforcement requires it to set blockOwnerDeletion"));

    private static final String INSTANCE = "operator";
    private static DeployManifests manifests;
    private static List<ResourceRequest> requests;

    @BeforeAll
    static void recordARepresentativeRun() {
        manifests = DeployManifests.load();
        Deployment deployment = manifests.one(Deployment.class);
        String namespace = deployment.getMetadata().getNamespace();
        String leaseName = env(deployment, "DDS_LEASE_NAME");
        try (MockCluster cluster = MockCluster.start()) {
            exercise(cluster, namespace, leaseName);
            requests = cluster.calls().stream()
                    .filter(c -> INSTANCE.equals(c.instance()))
                    .map(ResourceRequest::of)
                    .toList();
        }
    }

    /** Creates, adopts, releases and deletes pods, writes status and events, takes and releases the lease. */
    private static void exercise(MockCluster cluster, String namespace, String leaseName) {
        for (int i = 1; i <= 3; i++) {
            cluster.createNode(node("node-" + i));
        }
        cluster.client()
                .pods()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("orphan")
                        .withNamespace("default")
                        .withLabels(Map.of("app", "agent"))
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("node-1")
                        .addNewContainer()
                        .withName("agent")
                        .withImage("x")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();

        LeaderElectionSettings election = new LeaderElectionSettings(
                namespace, leaseName, INSTANCE, Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ofMillis(200));
        Operator operator = Operator.start(
                cluster.clientFor(INSTANCE), OperatorConfig.defaults().withLeaderElection(election));
        try {
            await().atMost(MockCluster.TIMEOUT).until(operator::isLeading);
            DaemonSet ds = cluster.createDaemonSet(daemonSet("agent"));
            await().atMost(MockCluster.TIMEOUT).until(() -> nodesOf(cluster, ds).size() == 3);

            Pod owned = cluster.podsOf(ds).stream()
                    .filter(p -> "node-2".equals(PodTargets.targetNode(p)))
                    .findFirst()
                    .orElseThrow();
            cluster.client()
                    .pods()
                    .inNamespace("default")
                    .withName(owned.getMetadata().getName())
                    .edit(p -> new PodBuilder(p)
                            .editMetadata()
                            .addToLabels("app", "debugging")
                            .endMetadata()
                            .build());
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> cluster.client()
                            .pods()
                            .inNamespace("default")
                            .withName(owned.getMetadata().getName())
                            .get()
                            .getMetadata()
                            .getOwnerReferences()
                            .isEmpty());

            cluster.client().nodes().withName("node-3").edit(n -> tainted(n, "NoExecute"));
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> !nodesOf(cluster, ds).contains("node-3"));

            // rollouts keep ControllerRevisions: create on each template, delete past the history limit,
            // patch the number when a rollback reuses one
            editTemplate(cluster, "registry.example/agent:2.0", 1);
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> revisionNumbers(cluster).equals(List.of(1L, 2L)));
            editTemplate(cluster, "registry.example/agent:3.0", 1);
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> revisionNumbers(cluster).equals(List.of(2L, 3L)));
            editTemplate(cluster, "registry.example/agent:2.0", 1);
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> revisionNumbers(cluster).equals(List.of(3L, 4L)));

            DaemonSet broken = daemonSet("broken");
            broken.getSpec().setSelector(new LabelSelector());
            cluster.createDaemonSet(broken);
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> events(cluster, "SelectingAll").size() == 1);
            // a second, different violation re-reports SelectingAll: the recorder bumps the existing event
            cluster.client()
                    .resources(DaemonSet.class)
                    .inNamespace("default")
                    .withName("broken")
                    .edit(d -> {
                        d.getSpec().getTemplate().getSpec().setActiveDeadlineSeconds(5L);
                        return d;
                    });
            await().atMost(MockCluster.TIMEOUT)
                    .until(() -> events(cluster, "SelectingAll").stream()
                            .anyMatch(e -> e.getCount() != null && e.getCount() > 1));
            await().atMost(MockCluster.TIMEOUT).until(operator::isIdle);
        } finally {
            operator.close();
        }
    }

    private static void editTemplate(MockCluster cluster, String image, int historyLimit) {
        cluster.editDaemonSet("agent", d -> {
            d.getSpec().setRevisionHistoryLimit(historyLimit);
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
        });
    }

    private static List<Long> revisionNumbers(MockCluster cluster) {
        return cluster.client().apps().controllerRevisions().inNamespace("default").list().getItems().stream()
                .filter(r -> r.getMetadata().getName().startsWith("agent-"))
                .map(r -> r.getRevision())
                .sorted()
                .toList();
    }

    @Test
    void everyCallTheOperatorMakesIsAllowed() {
        RbacGrants grants = grants();
        List<String> denied = requests.stream()
                .filter(r -> !grants.allows(r))
                .map(r -> r.permission() + " (namespace " + r.namespace() + ", name " + r.name() + ")")
                .distinct()
                .toList();
        assertThat(denied).as("calls the deploy/ RBAC would forbid").isEmpty();
    }

    @Test
    void everyGrantedPermissionIsUsedOrExplained() {
        Set<String> used = requests.stream().map(ResourceRequest::permission).collect(Collectors.toSet());
        Set<String> unused = new TreeSet<>();
        for (RbacGrants.Grant g : grants().grants()) {
            if (!used.contains(g.permission()) && !NOT_EXERCISED.containsKey(g.permission())) {
                unused.add(g.permission());
            }
        }
        assertThat(unused)
                .as("granted but never used; remove them from deploy/")
                .isEmpty();
        assertThat(NOT_EXERCISED.keySet())
                .as("explained as not exercised, but used after all: drop the excuse")
                .doesNotContainAnyElementsOf(used);
    }

    @Test
    void theRecordedRunCoversEveryWritePath() {
        Set<String> used = requests.stream().map(ResourceRequest::permission).collect(Collectors.toSet());
        assertThat(used)
                .contains(
                        "core pods create",
                        "core pods delete",
                        "core pods patch",
                        "core events create",
                        "core events patch",
                        "daemonset.dev daemonsets/status update",
                        "coordination.k8s.io leases create",
                        "coordination.k8s.io leases patch",
                        "apps controllerrevisions create",
                        "apps controllerrevisions patch",
                        "apps controllerrevisions delete");
    }

    @Test
    void noRuleUsesWildcards() {
        List<String> wildcards = new ArrayList<>();
        for (PolicyRule rule : grants().rules()) {
            for (List<String> values : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
                if (values.contains("*")) {
                    wildcards.add(rule.toString());
                }
            }
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        }
        assertThat(wildcards).isEmpty();
    }

    private static RbacGrants grants() {
        Deployment deployment = manifests.one(Deployment.class);
        String sa = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
        String ns = deployment.getMetadata().getNamespace();
        assertThat(manifests.all(ServiceAccount.class))
                .extracting(s -> s.getMetadata().getName())
                .contains(sa);
        return RbacGrants.forServiceAccount(manifests, ns, sa);
    }

    private static String env(Deployment d, String name) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    private static Set<String> nodesOf(MockCluster cluster, DaemonSet ds) {
        return cluster.podsOf(ds).stream().map(PodTargets::targetNode).collect(Collectors.toSet());
    }

    private static List<Event> events(MockCluster cluster, String reason) {
        return cluster.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    private static Node tainted(Node n, String effect) {
        n.getSpec().getTaints().add(taint("dedicated", effect));
        return n;
    }
}
