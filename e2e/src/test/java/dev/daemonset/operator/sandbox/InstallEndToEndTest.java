package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install as docs/operations.md documents it, with the real kubectl against a sandbox without the
 * operator: {@code kubectl apply -f crds/ -f deploy/} on a cluster that has none of it, every object
 * visible with {@code kubectl get}, a second apply that changes nothing, server-side dry run and field
 * validation, and the uninstall. The steps build on each other and run in order; once one fails, the
 * later ones are skipped. No container runtime here: the Deployment's pods never run.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallEndToEndTest {
    private static final String NS = "daemonset-operator";
    private static final String SELECTOR = "app.kubernetes.io/name=daemonset-operator";
    private static final String CRD = "customresourcedefinition.apiextensions.k8s.io/daemonsets.daemonset.dev";
    /** What the install creates, as {@code kubectl apply} names it, in the order it applies them. */
    private static final List<String> INSTALLED = List.of(
            CRD,
            "namespace/daemonset-operator",
            "serviceaccount/daemonset-operator",
            "clusterrole.rbac.authorization.k8s.io/daemonset-operator",
            "clusterrolebinding.rbac.authorization.k8s.io/daemonset-operator",
            "role.rbac.authorization.k8s.io/daemonset-operator-leader-election",
            "rolebinding.rbac.authorization.k8s.io/daemonset-operator-leader-election",
            "deployment.apps/daemonset-operator",
            "poddisruptionbudget.policy/daemonset-operator",
            "service/daemonset-operator-metrics");

    private static final String DEPLOYMENT = "deploy/02-deployment.yaml";

    @TempDir
    static Path tmp;

    private static Sandbox sandbox;
    private static Kubectl kubectl;
    /** The steps so far all passed. */
    private static boolean ok = true;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Kubectl.binary())
                .as("kubectl must be on PATH: the install end-to-end test runs the real kubectl (install kubectl 1.32)")
                .isNotNull();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withPort(0)
                .withKubeconfig(null)
                .withNodes(0)
                .withOperator(false));
        kubectl = new Kubectl(sandbox.kubeconfig(), tmp.resolve("kube-cache"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Runs one step; a failed step skips the ones after it. */
    private static void step(Runnable body) {
        assumeTrue(ok, "an earlier step failed");
        ok = false;
        body.run();
        ok = true;
    }

    @Test
    @Order(1)
    void applyInstallsEverythingOnAClusterThatHasNoneOfIt() {
        step(() -> {
            // the sandbox installs the CRD for its own operator; a cluster being installed on has none
            kubectl.run("delete", "crd", "daemonsets.daemonset.dev").assertOk();
            assertThat(kubectl.run("get", "namespace", NS).exitCode()).isNotZero();

            Kubectl.Result apply =
                    kubectl.run("apply", "-f", "crds/", "-f", "deploy/").assertOk();

            assertThat(statuses(apply.out())).containsExactlyEntriesOf(each(INSTALLED, "created"));
            assertThat(apply.err())
                    .as("no warnings (unknown fields would be reported here)")
                    .isEmpty();
        });
    }

    @Test
    @Order(2)
    void getShowsEveryObjectWithItsDocumentedName() {
        step(() -> {
            assertThat(kubectl.run("get", "namespace,clusterrole,clusterrolebinding", "-l", SELECTOR, "-o", "name")
                            .assertOk()
                            .lines())
                    .containsExactlyInAnyOrder(
                            "namespace/daemonset-operator",
                            "clusterrole.rbac.authorization.k8s.io/daemonset-operator",
                            "clusterrolebinding.rbac.authorization.k8s.io/daemonset-operator");
            assertThat(kubectl.run(
                                    "-n",
                                    NS,
                                    "get",
                                    "serviceaccount,role,rolebinding,deployment,service,poddisruptionbudget",
                                    "-l",
                                    SELECTOR,
                                    "-o",
                                    "name")
                            .assertOk()
                            .lines())
                    .containsExactlyInAnyOrder(
                            "serviceaccount/daemonset-operator",
                            "role.rbac.authorization.k8s.io/daemonset-operator-leader-election",
                            "rolebinding.rbac.authorization.k8s.io/daemonset-operator-leader-election",
                            "deployment.apps/daemonset-operator",
                            "service/daemonset-operator-metrics",
                            "poddisruptionbudget.policy/daemonset-operator");
            assertThat(kubectl.run("get", "crd", "daemonsets.daemonset.dev", "-o", "name")
                            .assertOk()
                            .out()
                            .trim())
                    .isEqualTo(CRD);
            assertThat(kubectl.run("get", "dds", "-A").assertOk().err().trim())
                    .as("the CRD is served: the short name resolves")
                    .isEqualTo("No resources found");

            // the columns a platform team looks at
            assertThat(row(kubectl.run("-n", NS, "get", "deployment").assertOk(), "daemonset-operator"))
                    .as("READY: two replicas wanted, none running without a container runtime")
                    .startsWith("daemonset-operator", "0/2");
            assertThat(row(kubectl.run("-n", NS, "get", "pdb").assertOk(), "daemonset-operator"))
                    .containsSubsequence("daemonset-operator", "N/A", "1");
            assertThat(row(kubectl.run("-n", NS, "get", "service").assertOk(), "daemonset-operator-metrics"))
                    .containsSubsequence("daemonset-operator-metrics", "ClusterIP", "8080/TCP");
            assertThat(row(
                            kubectl.run("get", "clusterrolebinding", "daemonset-operator", "-o", "wide")
                                    .assertOk(),
                            "daemonset-operator"))
                    .containsSubsequence(
                            "daemonset-operator",
                            "ClusterRole/daemonset-operator",
                            "daemonset-operator/daemonset-operator");
            assertThat(row(
                            kubectl.run("-n", NS, "get", "rolebinding", "-o", "wide")
                                    .assertOk(),
                            "daemonset-operator-leader-election"))
                    .containsSubsequence(
                            "daemonset-operator-leader-election",
                            "Role/daemonset-operator-leader-election",
                            "daemonset-operator/daemonset-operator");
            assertThat(kubectl.run(
                                    "-n",
                                    NS,
                                    "get",
                                    "role",
                                    "daemonset-operator-leader-election",
                                    "-o",
                                    "jsonpath={.rules[1].resourceNames}")
                            .assertOk()
                            .out())
                    .isEqualTo("[\"daemonset-operator\"]");
        });
    }

    @Test
    @Order(3)
    void applyingAgainChangesNothing() {
        step(() -> {
            String before = generations();

            Kubectl.Result again =
                    kubectl.run("apply", "-f", "crds/", "-f", "deploy/").assertOk();

            Map<String, String> expected = each(INSTALLED, "unchanged");
            // kubectl always sends a v1 PodDisruptionBudget's selector (its patch strategy is "replace"), so it reports
            // "configured" on every apply, on any cluster; the PDB itself does not change (generation below)
            expected.put("poddisruptionbudget.policy/daemonset-operator", "configured");
            assertThat(statuses(again.out())).containsExactlyEntriesOf(expected);
            assertThat(again.err()).isEmpty();
            assertThat(generations())
                    .as("no object changed, no rollout started")
                    .isEqualTo(before);
        });
    }

    @Test
    @Order(4)
    void serverSideDryRunAndFieldValidationCheckAChangeWithoutMakingIt() throws Exception {
        step(() -> {
            String image = "jsonpath={.spec.template.spec.containers[0].image}";
            Path changed = write(
                    "changed.yaml",
                    manifest(DEPLOYMENT)
                            .replace(
                                    "image: ghcr.io/daemonset-dev/daemonset-operator:0.1.0",
                                    "image: registry.example.com/platform/daemonset-operator:0.2.0"));
            assertThat(statuses(kubectl.run("apply", "--dry-run=server", "-f", changed.toString())
                            .assertOk()
                            .out()))
                    .containsEntry("deployment.apps/daemonset-operator", "configured (server dry run)");
            assertThat(kubectl.run("-n", NS, "get", "deployment", "daemonset-operator", "-o", image)
                            .assertOk()
                            .out())
                    .as("a dry run changes nothing")
                    .isEqualTo("ghcr.io/daemonset-dev/daemonset-operator:0.1.0");

            // kubectl validates strictly by default and the server rejects an unknown field, as a real one does
            Path typo = write(
                    "typo.yaml",
                    manifest(DEPLOYMENT)
                            .replace("imagePullPolicy:", "imagePullPolicyy:")
                            .replace(
                                    "image: ghcr.io/daemonset-dev/daemonset-operator:0.1.0",
                                    "image: daemonset-operator:0.2.0"));
            Kubectl.Result rejected = kubectl.run("apply", "-f", typo.toString());
            assertThat(rejected.exitCode()).isNotZero();
            assertThat(rejected.err())
                    .contains("strict decoding error: unknown field "
                            + "\"spec.template.spec.containers[0].imagePullPolicyy\"");
            Kubectl.Result warned = kubectl.run("apply", "--validate=warn", "--dry-run=server", "-f", typo.toString())
                    .assertOk();
            assertThat(warned.err())
                    .contains("Warning: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"");
            assertThat(kubectl.run("-n", NS, "get", "deployment", "daemonset-operator", "-o", image)
                            .assertOk()
                            .out())
                    .isEqualTo("ghcr.io/daemonset-dev/daemonset-operator:0.1.0");
        });
    }

    @Test
    @Order(5)
    void uninstallAsDocumentedRemovesEverything() {
        step(() -> {
            kubectl.run("delete", "dds", "--all", "-A").assertOk();
            Kubectl.Result delete = kubectl.run("delete", "-f", "deploy/", "-f", "crds/", "--ignore-not-found")
                    .assertOk();

            List<String> deleted =
                    INSTALLED.stream().map(InstallEndToEndTest::deletedLine).toList();
            assertThat(delete.lines()).containsExactlyInAnyOrderElementsOf(deleted);
            assertThat(kubectl.run("get", "namespace,clusterrole,clusterrolebinding,crd", "-l", SELECTOR, "-o", "name")
                            .assertOk()
                            .out())
                    .isEmpty();
            assertThat(kubectl.run(
                                    "-n",
                                    NS,
                                    "get",
                                    "serviceaccount,role,rolebinding,deployment,service,poddisruptionbudget",
                                    "-o",
                                    "name")
                            .assertOk()
                            .out())
                    .isEmpty();
            assertThat(kubectl.run("api-resources", "--api-group=daemonset.dev", "-o", "name")
                            .assertOk()
                            .out())
                    .as("the DaemonSet kind is no longer served")
                    .isEmpty();
            assertThat(kubectl.run("get", "dds").exitCode()).isNotZero();
            assertThat(kubectl.run("delete", "-f", "deploy/", "-f", "crds/", "--ignore-not-found")
                            .assertOk()
                            .out())
                    .as("uninstalling again is harmless")
                    .isEmpty();
        });
    }

    // ---- helpers

    /** {@code kubectl apply} output, object to what happened to it, in output order. */
    private static Map<String, String> statuses(String out) {
        Map<String, String> statuses = new LinkedHashMap<>();
        out.lines().filter(l -> !l.isBlank()).forEach(l -> {
            int space = l.indexOf(' ');
            statuses.put(l.substring(0, space), l.substring(space + 1));
        });
        return statuses;
    }

    private static Map<String, String> each(List<String> objects, String status) {
        Map<String, String> out = new LinkedHashMap<>();
        objects.forEach(o -> out.put(o, status));
        return out;
    }

    /** {@code kind.group/name} as {@code kubectl delete} reports it: {@code kind.group "name" deleted}. */
    private static String deletedLine(String object) {
        int slash = object.indexOf('/');
        return object.substring(0, slash) + " \"" + object.substring(slash + 1) + "\" deleted";
    }

    /** The words of the table row for {@code name}. */
    private static List<String> row(Kubectl.Result table, String name) {
        return table.lines().stream()
                .map(l -> Arrays.asList(l.trim().split("\\s+")))
                .filter(words -> words.get(0).equals(name) || words.get(0).endsWith("/" + name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table.out()));
    }

    private static String generations() {
        return kubectl.run(
                        "-n",
                        NS,
                        "get",
                        "deployment,poddisruptionbudget,service",
                        "-o",
                        "jsonpath={range .items[*]}{.kind}/{.metadata.name}@{.metadata.generation}/{.spec.template.spec.containers[0].image} {end}")
                .assertOk()
                .out();
    }

    private static String manifest(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path write(String name, String content) {
        try {
            return Files.writeString(tmp.resolve(name), content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
