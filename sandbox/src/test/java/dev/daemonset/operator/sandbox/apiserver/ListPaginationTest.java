package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code ?limit=N&continue=TOKEN} lists, as kubectl and paginating informers use them. */
class ListPaginationTest extends ServerAndClient {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void pagesOfAnAllNamespacesListFollowKeyOrderAndKeepTheFirstPagesResourceVersion() {
        pod("b", "p1", "web");
        pod("a", "p2", "web");
        pod("a-b", "p0", "web");
        pod("a", "p1", "web");
        pod("b", "p0", "web");

        PodList first = client.pods().inAnyNamespace().list(limit(2L, null));
        assertThat(names(first)).containsExactly("a-b/p0", "a/p1");
        assertThat(first.getMetadata().getContinue()).isNotEmpty();
        assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(3L);
        String listVersion = first.getMetadata().getResourceVersion();

        pod("c", "p9", "web"); // created after the first page: not in this list, as etcd serves one revision
        PodList second = client.pods()
                .inAnyNamespace()
                .list(limit(2L, first.getMetadata().getContinue()));
        assertThat(names(second)).containsExactly("a/p2", "b/p0");
        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(listVersion);
        assertThat(second.getMetadata().getRemainingItemCount()).isEqualTo(1L);

        PodList last = client.pods()
                .inAnyNamespace()
                .list(limit(2L, second.getMetadata().getContinue()));
        assertThat(names(last)).containsExactly("b/p1");
        assertThat(last.getMetadata().getContinue()).isNull();
        assertThat(last.getMetadata().getRemainingItemCount()).isNull();
        assertThat(last.getMetadata().getResourceVersion()).isEqualTo(listVersion);

        PodList everything = client.pods().inAnyNamespace().list();
        assertThat(everything.getItems()).hasSize(6);
        assertThat(everything.getMetadata().getContinue()).isNull();
    }

    @Test
    void anObjectCreatedBetweenPagesBeforeTheStartKeyIsDeliveredByTheWatchFromTheListsVersion() {
        pod("default", "m", "web");
        pod("default", "n", "web");
        pod("default", "o", "web");
        PodList first = client.pods().inNamespace("default").list(limit(2L, null));
        assertThat(names(first)).containsExactly("default/m", "default/n");

        pod("default", "a", "web"); // before the start key: in no page
        PodList second = client.pods()
                .inNamespace("default")
                .list(limit(2L, first.getMetadata().getContinue()));
        assertThat(names(second)).containsExactly("default/o");

        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch w = client.pods()
                .inNamespace("default")
                .withResourceVersion(second.getMetadata().getResourceVersion())
                .watch(new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        events.add(action + " " + pod.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            await().atMost(WAIT).until(() -> !events.isEmpty());
            assertThat(events).containsExactly("ADDED a");
        }
    }

    @Test
    void aPageIsFilledWithItemsThatMatchTheSelectorsAndDoesNotCountTheRest() {
        for (int i = 0; i < 6; i++) {
            pod("default", "p" + i, i % 2 == 0 ? "web" : "db");
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            PodList page =
                    client.pods().inNamespace("default").withLabel("app", "web").list(limit(2L, token));
            pages++;
            seen.addAll(names(page));
            assertThat(page.getMetadata().getRemainingItemCount()).isNull();
            token = page.getMetadata().getContinue();
        } while (token != null);
        assertThat(seen).containsExactly("default/p0", "default/p2", "default/p4");
        assertThat(pages).isEqualTo(2);

        PodList bySpec = client.pods()
                .inNamespace("default")
                .withField("metadata.name", "p3")
                .list(limit(1L, null));
        assertThat(names(bySpec)).containsExactly("default/p3");
        // as kube-apiserver: what remains is not read to find out whether it matches, so a token may lead
        // to an empty last page
        PodList rest = client.pods()
                .inNamespace("default")
                .withField("metadata.name", "p3")
                .list(limit(1L, bySpec.getMetadata().getContinue()));
        assertThat(names(rest)).isEmpty();
        assertThat(rest.getMetadata().getContinue()).isNull();
    }

    @Test
    void clusterScopedKindsPageToo() {
        for (String name : List.of("n3", "n1", "n2")) {
            client.nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .endMetadata()
                            .build())
                    .create();
        }
        var first = client.nodes().list(limit(2L, null));
        assertThat(first.getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n1", "n2");
        var second = client.nodes().list(limit(2L, first.getMetadata().getContinue()));
        assertThat(second.getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n3");
        assertThat(second.getMetadata().getContinue()).isNull();
    }

    @Test
    void aGarbledContinueTokenIsABadRequest() {
        pod("default", "p", "web");
        String notJson = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        String otherVersion = Base64.getUrlEncoder()
                .encodeToString("{\"v\":\"x/v9\",\"rv\":1,\"start\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        for (String token : List.of("%%%", notJson, otherVersion)) {
            assertThatThrownBy(() -> client.pods().inNamespace("default").list(limit(1L, token)))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(400);
                        assertThat(e.getStatus().getReason()).isEqualTo("BadRequest");
                        assertThat(e.getStatus().getMessage()).startsWith("invalid continue token:");
                    });
        }
    }

    @Test
    void aTokenOlderThanTheChangeHistoryHasExpired() {
        pod("default", "p0", "web");
        pod("default", "p1", "web");
        PodList first = client.pods().inNamespace("default").list(limit(1L, null));
        outrunChangeHistory();
        assertThatThrownBy(() -> client.pods()
                        .inNamespace("default")
                        .list(limit(1L, first.getMetadata().getContinue())))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(410);
                    assertThat(e.getStatus().getReason()).isEqualTo("Expired");
                    assertThat(e.getStatus().getMessage()).startsWith("The provided continue parameter is too old");
                });
    }

    @Test
    void aPaginatingInformerFillsItsCacheWithMoreObjectsThanOnePage() {
        for (int i = 0; i < 7; i++) {
            client.configMaps()
                    .inNamespace("ns" + (i % 3))
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cm" + i)
                            .endMetadata()
                            .withData(Map.of("k", "v"))
                            .build())
                    .create();
        }
        List<String> pagedLists = new CopyOnWriteArrayList<>();
        server.addRequestListener((request, response) -> {
            String path = request.getPath();
            if (path.startsWith("/api/v1/configmaps?") && path.contains("limit=3") && !path.contains("watch")) {
                pagedLists.add(path);
            }
        });
        SharedIndexInformer<ConfigMap> informer =
                client.configMaps().inAnyNamespace().withLimit(3L).inform();
        try {
            await().atMost(WAIT).until(informer::hasSynced);
            assertThat(informer.getStore().list()).hasSize(7);
            assertThat(pagedLists).hasSize(3);
            assertThat(pagedLists.subList(1, 3)).allMatch(p -> p.contains("continue="));
        } finally {
            informer.close();
        }
    }

    private void pod(String namespace, String name, String app) {
        client.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(Map.of("app", app))
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    private static ListOptions limit(Long limit, String token) {
        return new ListOptionsBuilder().withLimit(limit).withContinue(token).build();
    }

    private static List<String> names(PodList list) {
        return list.getItems().stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                .toList();
    }
}
