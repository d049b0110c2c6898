package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PlannedEvent;
import dev.daemonset.operator.testing.Fixtures;
import dev.daemonset.operator.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesEventRecorderTest {
    private final MockCluster cluster = MockCluster.start();
    private final KubernetesEventRecorder recorder = new KubernetesEventRecorder(cluster.client(), Clock.systemUTC());

    @AfterEach
    void stop() {
        recorder.close();
        cluster.close();
    }

    @Test
    void manySimilarEventsFoldIntoOneCombinedEventWrittenAtMostOncePerSecond() {
        DaemonSet ds = Fixtures.daemonSet("agent");
        int pods = 200;
        for (int i = 0; i < pods; i++) {
            recorder.record(ds, PlannedEvent.normal("SuccessfulCreate", "Created pod: agent-" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> totalCount(events()) == pods);
        List<Event> events = events();
        assertThat(events).hasSize(SimilarEvents.MAX_DISTINCT + 1);
        assertThat(events)
                .filteredOn(e -> e.getMessage().startsWith(SimilarEvents.COMBINED_PREFIX))
                .singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(pods - SimilarEvents.MAX_DISTINCT));
        long eventWrites = cluster.calls().stream()
                .filter(c -> c.isWrite() && c.resourcePath().contains("/events"))
                .count();
        assertThat(eventWrites).isLessThanOrEqualTo(SimilarEvents.MAX_DISTINCT + 3);
    }

    @Test
    void aRepeatedEventBumpsTheCountOfItsOwnEvent() {
        DaemonSet ds = Fixtures.daemonSet("agent");
        for (int i = 0; i < 3; i++) {
            recorder.record(ds, PlannedEvent.warning("FailedDaemonPod", "Found failed daemon pod default/agent-x"));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> totalCount(events()) == 3);
        assertThat(events())
                .singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(3));
    }

    private List<Event> events() {
        return cluster.client().v1().events().inNamespace("default").list().getItems();
    }

    private static int totalCount(List<Event> events) {
        return events.stream()
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                .sum();
    }
}
