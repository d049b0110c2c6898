package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.api.DaemonSetStatus;
import dev.daemonset.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderOnlyWritesTest {
    private final List<String> written = new ArrayList<>();
    private final PodControl recording = new PodControl() {
        @Override
        public Pod create(Pod pod) {
            written.add("create");
            return pod;
        }

        @Override
        public boolean delete(String namespace, String name, String uid) {
            written.add("delete " + name);
            return true;
        }

        @Override
        public void setRevisionHash(Pod pod, String hash) {
            written.add("relabel " + pod.getMetadata().getName());
        }

        @Override
        public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
            written.add("owners " + pod.getMetadata().getName());
        }
    };

    @Test
    void podWritesPassWhileLeadingAndAreRefusedOnceTheGateCloses() {
        LeadershipGate gate = LeadershipGate.opened();
        DaemonSet ds = Fixtures.daemonSet("agent");
        Pod pod = Fixtures.daemonPod(ds, "node-1", "h1", 0);
        PodControl pods = new LeaderOnlyPodControl(gate, recording);

        pods.create(pod);
        pods.delete("default", "p", "uid");
        assertThat(written).containsExactly("create", "delete p");

        gate.close();
        assertThatThrownBy(() -> pods.create(pod))
                .isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("not the leader");
        assertThatThrownBy(() -> pods.delete("default", "p", "uid")).isInstanceOf(LeadershipLostException.class);
        assertThatThrownBy(() -> pods.setOwnerReferences(pod, List.of())).isInstanceOf(LeadershipLostException.class);
        assertThat(written).as("nothing reached the API after the gate closed").hasSize(2);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void statusWritesAreRefusedOnceTheGateCloses() {
        LeadershipGate gate = LeadershipGate.opened();
        List<DaemonSetStatus> statuses = new ArrayList<>();
        StatusWriter writer = new LeaderOnlyStatusWriter(gate, (ds, s) -> statuses.add(s));
        DaemonSet ds = Fixtures.daemonSet("agent");

        writer.write(ds, new DaemonSetStatus());
        gate.close();
        assertThatThrownBy(() -> writer.write(ds, new DaemonSetStatus())).isInstanceOf(LeadershipLostException.class);
        assertThat(statuses).hasSize(1);
    }

    @Test
    void aClosedGateCountsTheWritesItLetThroughUntilTheyReturn() throws Exception {
        LeadershipGate gate = LeadershipGate.opened();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> gate.write("create a pod", () -> {
            started.countDown();
            awaitQuietly(answer);
        }));
        writer.start();
        started.await();

        gate.close();
        assertThat(gate.writesInFlight()).isEqualTo(1);
        assertThat(gate.awaitWritesDone(java.time.Duration.ofMillis(50)))
                .as("still under way")
                .isFalse();
        answer.countDown();
        assertThat(gate.awaitWritesDone(java.time.Duration.ofSeconds(10)))
                .as("answered")
                .isTrue();
        assertThat(gate.writesInFlight()).isZero();
        writer.join();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
