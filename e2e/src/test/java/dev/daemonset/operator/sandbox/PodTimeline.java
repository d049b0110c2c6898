package dev.daemonset.operator.sandbox;

import static org.awaitility.Awaitility.await;

import dev.daemonset.operator.plan.PodConditions;
import dev.daemonset.operator.plan.PodTargets;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Every event of one app's pods in the order the API server sent them, recorded by a watch from
 * the moment {@link #record} returns. Replaying them gives the pods that existed after each event, so
 * a rollout invariant can be checked at every step it took, not only where it ended; a check that
 * polled would miss the short moments that matter (a node without a pod between a delete and a create).
 */
final class PodTimeline implements AutoCloseable {
    enum Kind {
        ADDED,
        MODIFIED,
        DELETED
    }

    /** One event, with the pod as the API server reported it. */
    record Event(Kind kind, Pod pod) {
        @Override
        public String toString() {
            return kind + " " + describe(pod);
        }
    }

    /** The pods right after one event; {@code before} is the event's pod as it was just before (null if new). */
    record Moment(int index, Event event, Pod before, List<Pod> pods) {
        List<Pod> on(String node) {
            return pods.stream()
                    .filter(p -> node.equals(PodTargets.targetNode(p)))
                    .toList();
        }

        /** Pods on the node that are not being deleted. */
        List<Pod> liveOn(String node) {
            return on(node).stream()
                    .filter(p -> !PodConditions.isBeingDeleted(p))
                    .toList();
        }

        boolean hasReadyPodOn(String node, Predicate<Pod> which) {
            return liveOn(node).stream().anyMatch(p -> PodConditions.isReady(p) && which.test(p));
        }

        /** Whether this event is the first sign of the pod going away: a deletionTimestamp, or removal without one. */
        boolean startsDeletion() {
            boolean wasLive = before != null && !PodConditions.isBeingDeleted(before);
            return wasLive && (event.kind() == Kind.DELETED || PodConditions.isBeingDeleted(event.pod()));
        }
    }

    private final List<Pod> baseline;
    private final List<Event> events;
    private final Watch watch;
    private final AtomicReference<WatcherException> failure;

    private PodTimeline(
            List<Pod> baseline, List<Event> events, Watch watch, AtomicReference<WatcherException> failure) {
        this.baseline = baseline;
        this.events = events;
        this.watch = watch;
        this.failure = failure;
    }

    /**
     * Lists the pods labelled {@code app=<app>} in the default namespace, then records every change
     * from that list's resourceVersion on. Call it while the pods are at rest: a watch that starts by
     * replaying the current pods as ADDED (the sandbox's WebSocket watch does) then changes nothing.
     */
    static PodTimeline record(KubernetesClient client, String app) {
        PodList list =
                client.pods().inNamespace("default").withLabel("app", app).list();
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<WatcherException> failure = new AtomicReference<>();
        // one watch delivers its events one at a time, in the API server's order
        Watch watch = client.pods()
                .inNamespace("default")
                .watch(
                        new ListOptionsBuilder()
                                .withLabelSelector("app=" + app)
                                .withResourceVersion(list.getMetadata().getResourceVersion())
                                .build(),
                        new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, Pod pod) {
                                switch (action) {
                                    case ADDED -> events.add(new Event(Kind.ADDED, pod));
                                    case MODIFIED -> events.add(new Event(Kind.MODIFIED, pod));
                                    case DELETED -> events.add(new Event(Kind.DELETED, pod));
                                    default -> {}
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                failure.set(cause);
                            }
                        });
        return new PodTimeline(List.copyOf(list.getItems()), events, watch, failure);
    }

    List<Event> events() {
        if (failure.get() != null) {
            throw new AssertionError("the pod watch failed; events after it are missing", failure.get());
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The state after each recorded event, in order. */
    List<Moment> replay() {
        List<Moment> moments = new ArrayList<>();
        Map<String, Pod> byUid = new LinkedHashMap<>();
        baseline.forEach(p -> byUid.put(p.getMetadata().getUid(), p));
        List<Event> all = events();
        for (int i = 0; i < all.size(); i++) {
            Event e = all.get(i);
            String uid = e.pod().getMetadata().getUid();
            Pod before = e.kind() == Kind.DELETED ? byUid.remove(uid) : byUid.put(uid, e.pod());
            moments.add(new Moment(i, e, before, List.copyOf(byUid.values())));
        }
        return moments;
    }

    /** The pods that started being deleted, in the order they did. */
    List<Pod> deletions() {
        return replay().stream()
                .filter(Moment::startsDeletion)
                .map(m -> m.event().pod())
                .toList();
    }

    /** Waits until the pods, as recorded so far, reach a state: the recording lags the API server a little. */
    void awaitState(String what, Predicate<Moment> reached) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Moment> moments = replay();
            if (moments.isEmpty() || !reached.test(moments.get(moments.size() - 1))) {
                throw new AssertionError("not reached: " + what + "\nall events:\n" + this);
            }
        });
    }

    /** Fails at the first event after which {@code holds} is false, showing the whole timeline. */
    void assertAlways(String invariant, Predicate<Moment> holds) {
        for (Moment m : replay()) {
            if (!holds.test(m)) {
                throw new AssertionError("\"" + invariant + "\" broken after event #" + m.index() + " (" + m.event()
                        + ")\nall events:\n" + this);
            }
        }
    }

    /** Fails unless {@code happens} is true after at least one event: proof that the case under test occurred. */
    void assertSometimes(String situation, Predicate<Moment> happens) {
        if (replay().stream().noneMatch(happens)) {
            throw new AssertionError("never observed: " + situation + "\nall events:\n" + this);
        }
    }

    static String imageOf(Pod pod) {
        return pod.getSpec().getContainers().get(0).getImage();
    }

    private static String describe(Pod pod) {
        return pod.getMetadata().getName() + " on " + PodTargets.targetNode(pod) + " image " + imageOf(pod)
                + (PodConditions.isReady(pod) ? " ready" : " not-ready")
                + (PodConditions.isBeingDeleted(pod) ? " deleting" : "");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        baseline.forEach(p -> out.append("  at start: ").append(describe(p)).append(System.lineSeparator()));
        List<Event> all = events();
        for (int i = 0; i < all.size(); i++) {
            out.append(String.format("  #%d %s%n", i, all.get(i)));
        }
        return out.toString();
    }

    @Override
    public void close() {
        watch.close();
    }
}
