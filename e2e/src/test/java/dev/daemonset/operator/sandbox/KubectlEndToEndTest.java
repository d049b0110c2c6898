package dev.daemonset.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The installed kubectl against a sandbox (without the operator): every command the sandbox promises.
 * Without kubectl on PATH these tests fail (CI relies on them running).
 */
@Timeout(90)
class KubectlEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path EXAMPLE = Path.of("examples", "node-exporter.yaml");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path tmp;

    private static Sandbox sandbox;
    private static KubernetesClient client;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Kubectl.binary())
                .as("kubectl must be on PATH: the sandbox end-to-end tests run the real kubectl (install kubectl 1.32)")
                .isNotNull();
        sandbox = Sandbox.start(
                new SandboxOptions(3, 0, tmp.resolve("sandbox.kubeconfig"), Duration.ofMillis(300), false));
        client = sandbox.client();
        kubectl = new Kubectl(sandbox.kubeconfig(), tmp.resolve("kube-cache"));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void kubeconfigPointsAtTheSandbox() throws Exception {
        String config = Files.readString(sandbox.kubeconfig());
        assertThat(config).contains("server: " + sandbox.url()).contains("current-context: sandbox");
        assertThat(sandbox.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void version() {
        assertThat(kubectl.run("version").assertOk().out()).contains("Server Version: v1.32");
    }

    @Test
    void apiResourcesListTheDaemonSetWithItsShortName() {
        List<String> lines = kubectl.run("api-resources").assertOk().lines();
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.split("\\s+"))
                        .containsSubsequence("daemonsets", "dds,ds", "daemonset.dev/v1alpha1", "true", "DaemonSet"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("controllerrevisions"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.split("\\s+")).containsSubsequence("pods", "po", "v1", "true", "Pod"));
    }

    @Test
    void getNodesWide() {
        List<String> lines =
                kubectl.run("get", "nodes", "-o", "wide").assertOk().lines();
        assertThat(words(lines.get(0)))
                .startsWith("NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP");
        assertThat(lines)
                .anySatisfy(l -> assertThat(words(l)).startsWith("sandbox-control-plane", "Ready", "control-plane"));
        assertThat(lines).anySatisfy(l -> assertThat(words(l)).startsWith("sandbox-worker-3", "Ready", "<none>"));
    }

    @Test
    void getInChunksFollowsTheContinueTokenToTheLastPage() {
        List<String> whole =
                kubectl.run("get", "nodes", "-o", "name").assertOk().lines();
        assertThat(whole).hasSizeGreaterThan(2);
        Kubectl.Result chunked = kubectl.run("get", "nodes", "-o", "name", "--chunk-size=2", "-v=6")
                .assertOk();
        assertThat(chunked.lines()).isEqualTo(whole);
        assertThat(chunked.err()).contains("/api/v1/nodes?limit=2 200").contains("&limit=2 200");
        assertThat(chunked.err()).containsPattern("continue=[A-Za-z0-9_-]+");
        List<String> table =
                kubectl.run("get", "nodes", "--chunk-size=2").assertOk().lines();
        assertThat(table).hasSize(whole.size() + 1);
        assertThat(table).filteredOn(l -> l.startsWith("NAME")).hasSize(1);
    }

    @Test
    void applyCreatesAndReappliesADaemonSet() throws Exception {
        String manifest =
                Files.readString(EXAMPLE).replace("name: node-exporter\n  namespace", "name: applied\n  namespace");
        assertThat(kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk().out())
                .contains("daemonset.daemonset.dev/applied created");
        String changed = manifest.replace("node-exporter:v1.8.2", "node-exporter:v1.9.0");
        assertThat(kubectl.runWithInput(changed, "apply", "-f", "-").assertOk().out())
                .contains("configured");
        assertThat(kubectl.run(
                                "get",
                                "dds",
                                "applied",
                                "-o",
                                "jsonpath={.spec.template.spec.containers[*].image} {.metadata.generation}")
                        .assertOk()
                        .out())
                .isEqualTo("quay.io/prometheus/node-exporter:v1.9.0 2");
        assertThat(kubectl.runWithInput(changed, "apply", "-f", "-").assertOk().out())
                .contains("unchanged");
    }

    @Test
    void exampleManifestAppliesFromItsFile() {
        assertThat(kubectl.run("apply", "-f", EXAMPLE.toString()).assertOk().out())
                .contains("daemonset.daemonset.dev/node-exporter");
        assertThat(kubectl.run("get", "daemonsets.daemonset.dev", "node-exporter", "-o", "name")
                        .assertOk()
                        .out()
                        .trim())
                .isEqualTo("daemonset.daemonset.dev/node-exporter");
    }

    @Test
    void getDaemonSetsShowsPrinterColumnsAndStatusPatches() {
        kubectl.runWithInput(ds("columns"), "apply", "-f", "-").assertOk();
        kubectl.run(
                        "patch",
                        "dds",
                        "columns",
                        "--subresource=status",
                        "--type=merge",
                        "-p",
                        "{\"status\":{\"desiredNumberScheduled\":3,\"currentNumberScheduled\":3,\"numberReady\":2,"
                                + "\"updatedNumberScheduled\":1,\"numberAvailable\":2}}")
                .assertOk();
        List<String> lines = kubectl.run("get", "dds", "columns").assertOk().lines();
        assertThat(lines.get(0).trim())
                .matches("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR\\s+AGE");
        assertThat(words(lines.get(1))).startsWith("columns", "3", "3", "2", "1", "2", "kubernetes.io/os=linux");
        assertThat(kubectl.run("get", "dds", "columns", "-o", "jsonpath={.status.numberReady}")
                        .assertOk()
                        .out())
                .isEqualTo("2");
    }

    @Test
    void getDaemonSetsWideAddsContainersImagesAndSelectorAndGetAllListsThem() {
        kubectl.runWithInput(ds("wide"), "apply", "-f", "-").assertOk();

        List<String> lines =
                kubectl.run("get", "dds", "wide", "-o", "wide").assertOk().lines();
        assertThat(lines.get(0).trim())
                .matches("NAME\\s+DESIRED.*NODE SELECTOR\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR");
        // a real API server prints the first result of a [*] path and a nested object as JSON
        assertThat(words(lines.get(1))).endsWith("main", "nginx:1.27", "{\"matchLabels\":{\"app\":\"wide\"}}");
        assertThat(kubectl.run("get", "dds", "wide").assertOk().lines().get(0)).doesNotContain("CONTAINERS");
        assertThat(kubectl.run("get", "all", "-A").assertOk().out()).contains("daemonset.daemonset.dev/wide");
    }

    @Test
    void plainKubectlDrainSkipsOurPodsByTheirLabel() {
        kubectl.runWithInput(ds("drained"), "apply", "-f", "-").assertOk();
        Pod ours = new PodBuilder()
                .withNewMetadata()
                .withName("drained-ours")
                .withNamespace("default")
                .addToLabels("daemonset.dev/daemon-pod", "true")
                .endMetadata()
                .withNewSpec()
                .withNodeName("sandbox-worker-3")
                .addNewContainer()
                .withName("c")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build();
        client.pods().resource(ours).create();
        client.pods()
                .resource(new PodBuilder(ours)
                        .editMetadata()
                        .withName("drained-other")
                        .withLabels(null)
                        .endMetadata()
                        .build())
                .create();

        Kubectl.Result r = kubectl.run(
                "drain",
                "sandbox-worker-3",
                "--ignore-daemonsets",
                "--force",
                "--pod-selector=!daemonset.dev/daemon-pod",
                "--dry-run=client");

        assertThat(r.assertOk().out())
                .contains("evicting pod default/drained-other (dry run)")
                .doesNotContain("drained-ours");
    }

    /**
     * kubectl's generators send protobuf bodies: {@code create namespace} is the first command of many guides.
     * Each generator's object is stored as the JSON of the same command ({@code --dry-run=client -o json},
     * created with {@code create -f -}) is, zeros the user chose included ({@code --replicas=0},
     * {@code --min-available=0}), and an empty value in a ConfigMap or Secret stays.
     */
    @Test
    void kubectlCreateGeneratorsStoreWhatTheSameObjectAsJsonStores() {
        kubectl.run("create", "namespace", "generated").assertOk();
        createFromDryRun("create", "namespace", "from-json");
        assertThat(comparable("namespace", "generated", null)).isEqualTo(comparable("namespace", "from-json", null));

        record Generator(String kind, String name, List<String> args) {}
        List<Generator> generators = List.of(
                new Generator(
                        "configmap",
                        "settings",
                        List.of("configmap", "settings", "--from-literal=level=debug", "--from-literal=empty=")),
                new Generator(
                        "secret",
                        "token",
                        List.of("secret", "generic", "token", "--from-literal=key=s3cr3t", "--from-literal=empty=")),
                new Generator("serviceaccount", "agent", List.of("serviceaccount", "agent")),
                new Generator(
                        "deployment",
                        "idle",
                        List.of("deployment", "idle", "--image=nginx:1.27", "--replicas=0", "--port=8080")),
                new Generator("deployment", "web", List.of("deployment", "web", "--image=nginx:1.27", "--replicas=3")),
                new Generator(
                        "poddisruptionbudget",
                        "none",
                        List.of("poddisruptionbudget", "none", "--selector=app=web", "--min-available=0")),
                new Generator("service", "web", List.of("service", "clusterip", "web", "--tcp=80:8080")),
                new Generator("role", "reader", List.of("role", "reader", "--verb=get,list", "--resource=pods")),
                new Generator(
                        "rolebinding",
                        "reader",
                        List.of("rolebinding", "reader", "--role=reader", "--serviceaccount=generated:agent")));
        for (Generator g : generators) {
            List<String> create = new ArrayList<>(List.of("create"));
            create.addAll(g.args());
            kubectl.run(concat(create, "-n", "generated")).assertOk();
            createFromDryRun(concat(create, "-n", "from-json"));
            assertThat(comparable(g.kind(), g.name(), "generated"))
                    .as("kubectl create %s", String.join(" ", g.args()))
                    .isEqualTo(comparable(g.kind(), g.name(), "from-json"));
        }
        assertThat(kubectl.run("get", "deployment", "idle", "-n", "generated", "-o", "jsonpath={.spec.replicas}")
                        .assertOk()
                        .out())
                .isEqualTo("0");
        assertThat(kubectl.run("get", "configmap", "settings", "-n", "generated", "-o", "jsonpath={.data}")
                        .assertOk()
                        .out())
                .isEqualTo("{\"empty\":\"\",\"level\":\"debug\"}");
    }

    private static String[] concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    /** The command's object made by kubectl itself ({@code --dry-run=client -o json}), then sent as JSON. */
    private static void createFromDryRun(String... command) {
        String json = kubectl.run(concat(List.of(command), "--dry-run=client", "-o", "json"))
                .assertOk()
                .out();
        kubectl.runWithInput(json, "create", "-f", "-").assertOk();
    }

    /** The object as JSON without what the server and controllers make (status, uid...), its namespace or a namespace's name. */
    private static String comparable(String kind, String name, String namespace) {
        List<String> get = new ArrayList<>(List.of("get", kind, name, "-o", "json"));
        if (namespace != null) {
            get.addAll(List.of("-n", namespace));
        }
        ObjectNode obj = (ObjectNode)
                JSON.readTree(kubectl.run(get.toArray(String[]::new)).assertOk().out());
        obj.remove("status");
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "namespace"));
        if (namespace == null) {
            meta.remove("name");
            if (meta.get("labels") instanceof ObjectNode labels) {
                labels.remove("kubernetes.io/metadata.name");
            }
        }
        if (obj.get("spec") instanceof ObjectNode spec) {
            spec.remove(List.of("clusterIP", "clusterIPs"));
        }
        return obj.toString();
    }

    /**
     * What a cluster refuses in any object's metadata, the sandbox refuses with the same words: a label key
     * with a space, annotations over 256 KiB together (kubectl's last-applied copy of a large manifest
     * counts), a body over 3 MiB. Nothing is changed by a refused write.
     */
    @Test
    void oversizedAnnotationsBadLabelKeysAndOversizedBodiesAreRefusedAsByACluster() throws Exception {
        String node = "sandbox-worker-3";
        Kubectl.Result badKey = kubectl.run("label", "node", node, "bad key!=x");
        assertThat(badKey.exitCode()).isNotZero();
        assertThat(badKey.err())
                .contains(
                        "The Node \"" + node + "\" is invalid: metadata.labels: Invalid value: \"bad key!\": name part"
                                + " must consist of alphanumeric characters");

        kubectl.run("create", "configmap", "notes", "-n", "default").assertOk();
        Path patch = tmp.resolve("annotation.json");
        Files.writeString(patch, "{\"metadata\":{\"annotations\":{\"note\":\"" + "x".repeat(262_141) + "\"}}}");
        Kubectl.Result overLimit = kubectl.run(
                "patch", "configmap", "notes", "-n", "default", "--type", "merge", "--patch-file", patch.toString());
        assertThat(overLimit.exitCode()).isNotZero();
        assertThat(overLimit.err())
                .contains("The ConfigMap \"notes\" is invalid: metadata.annotations: Too long: must have at most 262144"
                        + " bytes");

        Files.writeString(patch, "{\"metadata\":{\"annotations\":{\"note\":\"" + "x".repeat(262_140) + "\"}}}");
        kubectl.run("patch", "configmap", "notes", "-n", "default", "--type", "merge", "--patch-file", patch.toString())
                .assertOk();

        Files.writeString(patch, "{\"data\":{\"blob\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}");
        Kubectl.Result tooLarge = kubectl.run(
                "patch", "configmap", "notes", "-n", "default", "--type", "merge", "--patch-file", patch.toString());
        assertThat(tooLarge.exitCode()).isNotZero();
        assertThat(tooLarge.err())
                .contains("Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728");
        assertThat(kubectl.run("get", "configmap", "notes", "-n", "default", "-o", "jsonpath={.data}")
                        .assertOk()
                        .out())
                .as("the refused writes changed nothing")
                .isEmpty();
        assertThat(kubectl.run("get", "node", node, "-o", "jsonpath={.metadata.labels.bad}")
                        .assertOk()
                        .out())
                .isEmpty();
    }

    @Test
    void labelTaintCordonAndUncordonANode() {
        String node = "sandbox-worker-2";
        kubectl.run("label", "node", node, "e2e=labelled").assertOk();
        kubectl.run("annotate", "node", node, "e2e/note=hello").assertOk();
        kubectl.run("taint", "node", node, "e2e=yes:NoSchedule").assertOk();
        assertThat(kubectl.run(
                                "get",
                                "node",
                                node,
                                "-o",
                                "jsonpath={.metadata.labels.e2e} {.metadata.annotations.e2e/note} {.spec.taints[*].key}")
                        .assertOk()
                        .out())
                .isEqualTo("labelled hello e2e");
        kubectl.run("cordon", node).assertOk();
        assertThat(kubectl.run("get", "node", node).assertOk().lines().get(1)).contains("Ready,SchedulingDisabled");
        kubectl.run("uncordon", node).assertOk();
        kubectl.run("taint", "node", node, "e2e=yes:NoSchedule-").assertOk();
        kubectl.run("label", "node", node, "e2e-").assertOk();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(kubectl.run("get", "node", node).assertOk().lines().get(1))
                    .doesNotContain("SchedulingDisabled");
            assertThat(kubectl.run("get", "node", node, "-o", "jsonpath={.spec.taints}")
                            .assertOk()
                            .out())
                    .isEmpty();
        });
    }

    @Test
    void setBasedAndInequalitySelectors() {
        kubectl.run("label", "node", "sandbox-worker-1", "grade=gold").assertOk();
        kubectl.run("label", "node", "sandbox-worker-3", "grade=silver").assertOk();
        assertThat(kubectl.run("get", "nodes", "-l", "grade in (gold,silver)", "-o", "name")
                        .assertOk()
                        .lines())
                .containsExactlyInAnyOrder("node/sandbox-worker-1", "node/sandbox-worker-3");
        assertThat(kubectl.run("get", "nodes", "-l", "grade notin (gold)", "-o", "name")
                        .assertOk()
                        .lines())
                .contains("node/sandbox-worker-3")
                .doesNotContain("node/sandbox-worker-1");
        assertThat(kubectl.run("get", "nodes", "-l", "grade,grade!=gold", "-o", "name")
                        .assertOk()
                        .lines())
                .containsExactly("node/sandbox-worker-3");
        assertThat(kubectl.run("get", "nodes", "-l", "grade!=gold", "-o", "name")
                        .assertOk()
                        .lines())
                .contains("node/sandbox-control-plane", "node/sandbox-worker-3")
                .doesNotContain("node/sandbox-worker-1");
    }

    @Test
    void watchStreamsAnAddedPod() throws Exception {
        AtomicBoolean listed = new AtomicBoolean();
        sandbox.apiServer().addRequestListener((request, response) -> {
            String path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
            if ("GET".equals(request.getMethod())
                    && path.startsWith("/api/v1/namespaces/default/pods?")
                    && path.contains("labelSelector=app=watched")
                    && !path.contains("watch=")) {
                listed.set(true);
            }
        });
        try (Kubectl.Running watch = kubectl.background("get", "pods", "-w", "-l", "app=watched")) {
            // kubectl lists (printing nothing on stdout for an empty list), then watches from the list's
            // resourceVersion: a pod created once the list is answered reaches it through the watch
            await().atMost(WAIT)
                    .alias("kubectl listed the pods labelled app=watched")
                    .untilTrue(listed);
            assertThat(watch.process.isAlive()).as("kubectl still watching").isTrue();
            kubectl.runWithInput(pod("watched-pod", "app: watched"), "create", "-f", "-")
                    .assertOk();
            String line = watch.lines.poll(20, TimeUnit.SECONDS);
            while (line != null && !line.startsWith("watched-pod")) {
                line = watch.lines.poll(20, TimeUnit.SECONDS);
            }
            assertThat(line).as("watch output %s", watch.seen).isNotNull().startsWith("watched-pod");
            await().atMost(WAIT)
                    .until(() ->
                            watch.seen.stream().anyMatch(l -> l.startsWith("watched-pod") && l.contains("Running")));
        }
    }

    /** kubectl lists, then watches from the list's resourceVersion: the deletion of a listed pod must still show. */
    @Test
    void watchShowsTheDeletionOfAPodListedBeforeTheWatch() throws Exception {
        kubectl.runWithInput(pod("listed-pod", "app: listed"), "create", "-f", "-")
                .assertOk();
        try (Kubectl.Running watch =
                kubectl.background("get", "pods", "-w", "--output-watch-events", "-l", "app=listed")) {
            String listed = watch.lines.poll(20, TimeUnit.SECONDS);
            while (listed != null && !listed.contains("listed-pod")) {
                listed = watch.lines.poll(20, TimeUnit.SECONDS);
            }
            assertThat(listed).as("watch output %s", watch.seen).isNotNull().startsWith("ADDED");
            kubectl.run("delete", "pod", "listed-pod", "--wait=false").assertOk();
            await().atMost(WAIT)
                    .alias("a DELETED line for listed-pod")
                    .until(() ->
                            watch.seen.stream().anyMatch(l -> l.startsWith("DELETED") && l.contains("listed-pod")));
        }
    }

    @Test
    void deleteWithCascadeOrphanKeepsThePods() {
        kubectl.runWithInput(ds("orphaner"), "apply", "-f", "-").assertOk();
        kubectl.runWithInput(ds("collected"), "apply", "-f", "-").assertOk();
        createOwnedPod("orphaner-pod", "orphaner");
        createOwnedPod("collected-pod", "collected");

        assertThat(kubectl.run("delete", "dds", "orphaner", "--cascade=orphan")
                        .assertOk()
                        .out())
                .contains("deleted");
        assertThat(kubectl.run("delete", "dds", "collected").assertOk().out()).contains("deleted");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(kubectl.run("get", "pod", "collected-pod", "--ignore-not-found", "-o", "name")
                            .assertOk()
                            .out())
                    .isEmpty();
            assertThat(kubectl.run(
                                    "get",
                                    "pod",
                                    "orphaner-pod",
                                    "-o",
                                    "jsonpath={.metadata.name}:{.metadata.ownerReferences}")
                            .assertOk()
                            .out())
                    .isEqualTo("orphaner-pod:");
        });
    }

    @Test
    void waitForJsonpath() {
        kubectl.runWithInput(pod("waited", "app: waited"), "create", "-f", "-").assertOk();
        assertThat(kubectl.run("wait", "--for=jsonpath={.status.phase}=Running", "pod/waited", "--timeout=20s")
                        .assertOk()
                        .out())
                .contains("pod/waited condition met");
        assertThat(kubectl.run("wait", "--for=condition=Ready", "pod/waited", "--timeout=20s")
                        .assertOk()
                        .out())
                .contains("condition met");
    }

    @Test
    void createPodFromFileAndReadItBack() throws Exception {
        Path file = tmp.resolve("pod.yaml");
        Files.writeString(file, pod("from-file", "app: from-file"));
        assertThat(kubectl.run("create", "-f", file.toString()).assertOk().out())
                .contains("pod/from-file created");
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> lines = kubectl.run("get", "pod", "from-file", "-o", "wide")
                    .assertOk()
                    .lines();
            assertThat(words(lines.get(0))).startsWith("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE");
            assertThat(words(lines.get(1))).startsWith("from-file", "1/1", "Running", "0");
        });
        assertThat(kubectl.run("get", "pod", "from-file", "-o", "yaml")
                        .assertOk()
                        .out())
                .contains("kind: Pod")
                .contains("phase: Running");
        assertThat(kubectl.run("get", "pods", "-o", "json").assertOk().out())
                .contains("\"kind\": \"List\"")
                .contains("from-file");
        assertThat(kubectl.run("describe", "pod", "from-file").assertOk().out())
                .contains("Name:")
                .contains("from-file")
                .contains("Status:       Running");
    }

    @Test
    void patchTypes() {
        kubectl.runWithInput(pod("patched", "app: patched"), "create", "-f", "-")
                .assertOk();
        kubectl.run("patch", "pod", "patched", "-p", "{\"metadata\":{\"labels\":{\"strategic\":\"yes\"}}}")
                .assertOk();
        kubectl.run("patch", "pod", "patched", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"merge\":\"yes\"}}}")
                .assertOk();
        kubectl.run(
                        "patch",
                        "pod",
                        "patched",
                        "--type=json",
                        "-p",
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels/json\",\"value\":\"yes\"}]")
                .assertOk();
        assertThat(kubectl.run("get", "pod", "patched", "-o", "jsonpath={.metadata.labels}")
                        .assertOk()
                        .out())
                .contains("\"strategic\":\"yes\"")
                .contains("\"merge\":\"yes\"")
                .contains("\"json\":\"yes\"")
                .contains("\"app\":\"patched\"");
    }

    @Test
    void describeNodeAndDaemonSetAndListEvents() {
        String node =
                kubectl.run("describe", "node", "sandbox-worker-1").assertOk().out();
        assertThat(node)
                .contains("Name:               sandbox-worker-1")
                .contains("Ready            True")
                .contains("Non-terminated Pods:")
                .contains("Kubelet Version:            v1.32.0");
        kubectl.runWithInput(ds("described"), "apply", "-f", "-").assertOk();
        DaemonSet described =
                client.resources(DaemonSet.class).withName("described").get();
        client.events()
                .v1()
                .events()
                .inNamespace("default")
                .resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                        .withNewMetadata()
                        .withName("described.1")
                        .withNamespace("default")
                        .endMetadata()
                        .withNewRegarding()
                        .withApiVersion(DaemonSet.API_VERSION)
                        .withKind(DaemonSet.KIND)
                        .withName("described")
                        .withNamespace("default")
                        .withUid(described.getMetadata().getUid())
                        .endRegarding()
                        .withReason("SuccessfulCreate")
                        .withNote("Created pod: described-abcde")
                        .withType("Normal")
                        .withAction("Create")
                        // MicroTime must have exactly six fraction digits (kubectl cannot decode the list otherwise)
                        .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime(
                                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                                        .withZone(java.time.ZoneOffset.UTC)
                                        .format(java.time.Instant.now())))
                        .withReportingController("daemonset.dev/operator")
                        .withReportingInstance("e2e")
                        .build())
                .create();
        assertThat(kubectl.run("describe", "dds", "described").assertOk().out())
                .contains("Name:         described")
                .contains("Kind:         DaemonSet")
                .contains("SuccessfulCreate")
                .contains("Created pod: described-abcde");
        kubectl.runWithInput(
                        pod("unplaceable", "app: unplaceable")
                                .replace("containers:", "nodeSelector: {nowhere: \"true\"}\n  containers:"),
                        "create",
                        "-f",
                        "-")
                .assertOk();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(kubectl.run("get", "events", "--field-selector", "involvedObject.name=unplaceable")
                            .assertOk()
                            .out())
                    .contains("FailedScheduling")
                    .contains("pod/unplaceable");
            assertThat(kubectl.run("describe", "pod", "unplaceable").assertOk().out())
                    .contains("FailedScheduling");
        });
        assertThat(kubectl.run("get", "events.events.k8s.io", "-o", "name")
                        .assertOk()
                        .out())
                .contains("described.1");
        assertThat(kubectl.run("get", "controllerrevisions").assertOk().err()).contains("No resources found");
    }

    @Test
    void applyANodeManifestRegistersTheNode() {
        String manifest = """
        apiVersion: v1
        kind: Node
        metadata:
          name: sandbox-worker-applied
          labels:
            kubernetes.io/hostname: sandbox-worker-applied
            kubernetes.io/os: linux
            topology.kubernetes.io/zone: zone-a
        """;
        assertThat(kubectl.runWithInput(manifest, "apply", "-f", "-").assertOk().out())
                .contains("node/sandbox-worker-applied created");
        assertThat(kubectl.run("wait", "--for=condition=Ready", "node/sandbox-worker-applied", "--timeout=20s")
                        .assertOk()
                        .out())
                .contains("condition met");
        assertThat(kubectl.runWithInput(manifest.replace("zone-a", "zone-b"), "apply", "-f", "-")
                        .assertOk()
                        .out())
                .contains("configured");
        assertThat(kubectl.run(
                                "get",
                                "node",
                                "sandbox-worker-applied",
                                "-o",
                                "jsonpath={.metadata.labels.topology\\.kubernetes\\.io/zone}")
                        .assertOk()
                        .out())
                .isEqualTo("zone-b");
    }

    // ---- helpers

    private static void createOwnedPod(String name, String dsName) {
        DaemonSet owner = client.resources(DaemonSet.class).withName(dsName).get();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .addToOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(DaemonSet.API_VERSION)
                        .withKind(DaemonSet.KIND)
                        .withName(dsName)
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .build();
        client.pods().resource(pod).create();
    }

    private static String ds(String name) {
        return """
        apiVersion: daemonset.dev/v1alpha1
        kind: DaemonSet
        metadata:
          name: %s
        spec:
          selector:
            matchLabels: {app: %s}
          template:
            metadata:
              labels: {app: %s}
            spec:
              nodeSelector: {kubernetes.io/os: linux}
              containers:
              - name: main
                image: nginx:1.27
        """.formatted(name, name, name);
    }

    private static String pod(String name, String labels) {
        return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          labels: {%s}
        spec:
          containers:
          - name: main
            image: nginx:1.27
        """.formatted(name, labels);
    }

    private static List<String> words(String line) {
        return Arrays.asList(line.trim().split("\\s+"));
    }
}
