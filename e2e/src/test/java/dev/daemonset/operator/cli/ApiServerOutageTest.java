package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PodTargets;
import dev.daemonset.operator.sandbox.Sandbox;
import dev.daemonset.operator.sandbox.SandboxOptions;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}, with its shipped client and leader election defaults, when the API server is not there:
 * at start-up, and for longer than the lease and the informers' first reconnect attempts after it has
 * synced. The process stays alive throughout and carries on by itself once the server is back.
 */
@Tag("operator-e2e")
@Timeout(240)
class ApiServerOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The informers back off up to 32 s between attempts; then the leader takes the lease. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    /** Longer than the lease (15 s) and than the informers' backoff steps of 1, 2, 4 and 8 s together. */
    private static final Duration OUTAGE = Duration.ofSeconds(25);
    /** The disconnection metric is sampled every second. */
    private static final Duration SAMPLED = Duration.ofSeconds(5);

    private static final Set<String> WORKERS = Set.of("sandbox-worker-1", "sandbox-worker-2");

    @TempDir
    Path tmp;

    @Test
    void startedBeforeTheApiServerItIsAliveNotReadyAndSaysWhyThenSyncsOnceTheServerIsUp() throws Exception {
        int port = RunningOperator.freePort();
        String url = "http://127.0.0.1:" + port;
        try (RunningOperator operator = RunningOperator.start(kubeconfig(url), "--lease-namespace", "default")) {
            await().atMost(WAIT).until(() -> operator.status("/healthz") == 200);
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> ready = operator.get("/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body())
                        .startsWith("waiting for the API server at " + url + "/ for ")
                        .contains("not listed yet: nodes, pods, controllerrevisions, daemonsets")
                        .containsPattern("last error: [a-z]+ initial list failed: ");
            });
            assertThat(operator.metrics())
                    .contains("dds_informer_synced{resource=\"nodes\"} 0.0")
                    .contains("dds_informer_synced{resource=\"daemonsets\"} 0.0")
                    .contains("dds_leader 0.0");
            await().atMost(WAIT).until(() -> operator.metric("dds_informer_disconnected_seconds") >= 2);
            assertThat(operator.get("/healthz").statusCode())
                    .as("alive while it waits")
                    .isEqualTo(200);

            try (Sandbox sandbox = Sandbox.start(sandboxOptions().withPort(port))) {
                await().atMost(RECOVERY)
                        .untilAsserted(
                                () -> assertThat(operator.get("/readyz").body()).isEqualTo("ok: leading\n"));
                assertThat(operator.metrics())
                        .contains("dds_informer_synced{resource=\"nodes\"} 1.0")
                        .contains("dds_informer_synced{resource=\"pods\"} 1.0")
                        .contains("dds_informer_synced{resource=\"controllerrevisions\"} 1.0")
                        .contains("dds_informer_synced{resource=\"daemonsets\"} 1.0")
                        .contains("dds_leader 1.0");
                await().atMost(SAMPLED).until(() -> operator.metric("dds_informer_disconnected_seconds") == 0);

                create(sandbox, "agent");
                await().atMost(WAIT)
                        .untilAsserted(() ->
                                assertThat(nodesWithPodsOf(sandbox, "agent")).isEqualTo(WORKERS));
                assertThat(operator.hasExited()).isFalse();
            }
        }
    }

    @Test
    void aStopRequestWhileWaitingForTheApiServerEndsRunPromptlyAndCleanly() throws Exception {
        try (RunningOperator operator = RunningOperator.start(
                kubeconfig("http://127.0.0.1:" + RunningOperator.freePort()), "--lease-namespace", "default")) {
            await().atMost(WAIT).until(() -> operator.status("/readyz") == 503);

            assertThat(operator.stop(Duration.ofSeconds(10))).isZero();
            assertThat(operator.errors()).isEmpty();
            assertThat(operator.status("/healthz")).as("no longer served").isEqualTo(-1);
        }
    }

    @Test
    void throughAnOutageItStaysAliveStepsDownAndAfterwardsLeadsAgainAndServesWhatChangedMeanwhile() throws Exception {
        try (Sandbox sandbox = Sandbox.start(sandboxOptions().withPort(0));
                RunningOperator operator =
                        RunningOperator.start(sandbox.kubeconfig(), "--lease-namespace", "default")) {
            await().atMost(WAIT)
                    .ignoreExceptions()
                    .untilAsserted(
                            () -> assertThat(operator.get("/readyz").body()).isEqualTo("ok: leading\n"));
            create(sandbox, "before");
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(nodesWithPodsOf(sandbox, "before")).isEqualTo(WORKERS));

            sandbox.apiServer().stopListening();
            List<Integer> liveness = new CopyOnWriteArrayList<>();
            List<String> readiness = new CopyOnWriteArrayList<>();
            List<Double> leader = new CopyOnWriteArrayList<>();
            await().during(OUTAGE)
                    .atMost(OUTAGE.plusSeconds(20))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        int alive = operator.status("/healthz");
                        liveness.add(alive);
                        HttpResponse<String> ready = operator.get("/readyz");
                        readiness.add(ready.statusCode() + " " + ready.body().strip());
                        leader.add(operator.metric("dds_leader"));
                        return alive == 200;
                    });
            // written to the store while no client can reach the server: only a relist or resumed watch shows it
            MockResponse created = sandbox.apiServer()
                    .dispatcher()
                    .call(
                            HttpMethod.POST,
                            "/apis/daemonset.dev/v1alpha1/namespaces/default/daemonsets",
                            "application/json",
                            sandbox.client().getKubernetesSerialization().asJson(newDaemonSet("during")));
            assertThat(created.code()).isEqualTo(201);
            sandbox.apiServer().listenAgain();

            assertThat(liveness)
                    .as("/healthz through the outage")
                    .hasSizeGreaterThanOrEqualTo(20)
                    .containsOnly(200);
            assertThat(leader)
                    .as("stopped leading when it could not renew the lease")
                    .contains(1.0, 0.0);
            assertThat(readiness)
                    .as("ready throughout, saying what is going on")
                    .allMatch(r -> r.startsWith("200 ok: "))
                    .anyMatch(r -> r.matches("200 ok: standing by \\(lost the lease, competing for it again\\), "
                            + "but the API server has not answered for \\d+ s"));

            await().atMost(RECOVERY)
                    .untilAsserted(
                            () -> assertThat(operator.get("/readyz").body()).isEqualTo("ok: leading\n"));
            await().atMost(RECOVERY)
                    .untilAsserted(
                            () -> assertThat(nodesWithPodsOf(sandbox, "during")).isEqualTo(WORKERS));
            await().atMost(SAMPLED).until(() -> operator.metric("dds_informer_disconnected_seconds") == 0);
            assertThat(operator.metric("dds_leader")).isEqualTo(1.0);
            assertThat(operator.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(operator.hasExited()).as("never restarted").isFalse();
        }
    }

    private static SandboxOptions sandboxOptions() {
        return SandboxOptions.defaults()
                .withNodes(WORKERS.size())
                .withKubeconfig(null)
                .withReadyAfter(Duration.ofMillis(200))
                .withOperator(false);
    }

    private Path kubeconfig(String url) throws Exception {
        return Files.writeString(tmp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: %s
        contexts:
        - name: c
          context:
            cluster: c
            user: u
            namespace: default
        current-context: c
        users:
        - name: u
          user: {}
        """.formatted(url));
    }

    private static DaemonSet newDaemonSet(String name) {
        DaemonSet ds = Fixtures.daemonSet(name, "default", Map.of("app", name));
        ds.getMetadata().setUid(null);
        ds.getMetadata().setGeneration(null);
        return ds;
    }

    private static void create(Sandbox sandbox, String name) {
        sandbox.client().resources(DaemonSet.class).resource(newDaemonSet(name)).create();
    }

    private static Set<String> nodesWithPodsOf(Sandbox sandbox, String app) {
        return sandbox.client().pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .map(PodTargets::targetNode)
                .collect(Collectors.toSet());
    }
}
