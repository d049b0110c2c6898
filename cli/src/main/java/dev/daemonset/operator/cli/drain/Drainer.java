package dev.daemonset.operator.cli.drain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one drain as kubectl drain does: cordon, plan ({@link DrainPlanner}), evict every pod the plan evicts,
 * retrying an eviction a PodDisruptionBudget refuses (429) every 5 seconds, and wait until each evicted pod is
 * gone (deleted, or replaced by a pod with another UID) before the node counts as drained.
 *
 * <p>One thread does it all: each round evicts the pods whose next attempt is due and looks up the evicted pods;
 * a blocked pod never holds up the others. Output goes where kubectl sends it: progress to stdout, warnings and
 * errors to stderr.
 */
final class Drainer {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final Duration DELETE_POLL = Duration.ofSeconds(1);

    /** How the drain waits between rounds: {@code Thread.sleep} in the command. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** The flags of one drain. */
    record Options(
            DrainPlanner.Rules rules, Duration timeout, int gracePeriodSeconds, DryRun dryRun, String podSelector) {}

    private final EvictionClient api;
    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;
    private final Sleeper sleeper;

    Drainer(EvictionClient api, Options options, PrintWriter out, PrintWriter err, Clock clock, Sleeper sleeper) {
        this.api = api;
        this.options = options;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Drains the node; returns the exit code (0 drained, 1 not). */
    int drain(String nodeName) throws InterruptedException {
        Node node = api.node(nodeName);
        if (node == null) {
            err.println("Error from server (NotFound): nodes \"" + nodeName + "\" not found");
            return 1;
        }
        cordon(node);
        DrainPlanner.Plan plan = DrainPlanner.plan(api.podsOn(nodeName, options.podSelector()), options.rules());
        if (!plan.errors().isEmpty()) {
            return failed(nodeName, plan.errors());
        }
        if (!plan.warnings().isEmpty()) {
            err.println("Warning: " + plan.warnings());
        }
        List<String> errors =
                options.dryRun() == DryRun.client ? printOnly(plan.toEvict()) : evictAll(nodeName, plan.toEvict());
        if (!errors.isEmpty()) {
            return failed(nodeName, errors);
        }
        out.println("node/" + nodeName + " drained" + options.dryRun().suffix());
        return 0;
    }

    private void cordon(Node node) {
        String name = node.getMetadata().getName();
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            out.println("node/" + name + " already cordoned" + options.dryRun().suffix());
            return;
        }
        if (options.dryRun() != DryRun.client) {
            api.cordon(name);
        }
        out.println("node/" + name + " cordoned" + options.dryRun().suffix());
    }

    private List<String> printOnly(List<Pod> pods) {
        pods.forEach(
                p -> out.println("evicting pod " + ref(p) + options.dryRun().suffix()));
        return List.of();
    }

    /** The per-pod errors; empty when every pod was evicted and is gone. */
    private List<String> evictAll(String nodeName, List<Pod> pods) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = options.timeout().isZero() ? null : start.plus(options.timeout());
        Map<Pod, Instant> toEvict = new LinkedHashMap<>();
        pods.forEach(p -> toEvict.put(p, start));
        List<Pod> evicted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        while (!toEvict.isEmpty() || !evicted.isEmpty()) {
            Instant now = clock.instant();
            if (deadline != null && !now.isBefore(deadline)) {
                toEvict.keySet().forEach(p -> errors.add(evictionError(p, "global timeout reached: " + goDuration())));
                evicted.forEach(p -> errors.add(
                        "error when waiting for pod \"" + p.getMetadata().getName()
                                + "\" in namespace \"" + p.getMetadata().getNamespace()
                                + "\" to terminate: global timeout reached: "
                                + goDuration()));
                printPending(nodeName, evicted, toEvict.keySet(), errors.get(0));
                return errors;
            }
            for (Pod pod : List.copyOf(toEvict.keySet())) {
                if (!toEvict.get(pod).isAfter(now)) {
                    attempt(pod, toEvict, evicted, errors, now);
                }
            }
            evicted.removeIf(this::goneAndReported);
            if (toEvict.isEmpty() && evicted.isEmpty()) {
                break;
            }
            sleeper.sleep(untilNextRound(toEvict, evicted, deadline));
        }
        return errors;
    }

    private void attempt(Pod pod, Map<Pod, Instant> toEvict, List<Pod> evicted, List<String> errors, Instant now) {
        out.println("evicting pod " + ref(pod)
                + (options.dryRun() == DryRun.server ? options.dryRun().suffix() : ""));
        out.flush();
        try {
            switch (api.evict(pod, options.gracePeriodSeconds())) {
                case EVICTED -> {
                    toEvict.remove(pod);
                    if (options.dryRun() != DryRun.server) {
                        evicted.add(pod);
                    }
                }
                case GONE -> toEvict.remove(pod);
                case BLOCKED -> {
                    err.println(
                            "error when evicting pods/\"" + pod.getMetadata().getName() + "\" -n \""
                                    + pod.getMetadata().getNamespace()
                                    + "\" (will retry after 5s): the server answered 429 Too Many "
                                    + "Requests: the eviction would violate a PodDisruptionBudget");
                    err.flush();
                    toEvict.put(pod, now.plus(RETRY_AFTER));
                }
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            toEvict.remove(pod);
            errors.add(evictionError(
                    pod,
                    e.getStatus() != null && e.getStatus().getMessage() != null
                            ? e.getStatus().getMessage()
                            : e.getMessage()));
        }
    }

    /** True once the pod is deleted or its name belongs to a new pod; says so as kubectl does. */
    private boolean goneAndReported(Pod pod) {
        Pod now = api.current(pod);
        if (now != null
                && Objects.equals(now.getMetadata().getUid(), pod.getMetadata().getUid())) {
            return false;
        }
        out.println("pod/" + pod.getMetadata().getName() + " evicted");
        out.flush();
        return true;
    }

    private Duration untilNextRound(Map<Pod, Instant> toEvict, List<Pod> evicted, Instant deadline) {
        Instant now = clock.instant();
        Instant next = toEvict.values().stream().min(Instant::compareTo).orElse(now.plus(DELETE_POLL));
        if (!evicted.isEmpty() && next.isAfter(now.plus(DELETE_POLL))) {
            next = now.plus(DELETE_POLL);
        }
        if (deadline != null && deadline.isBefore(next)) {
            next = deadline;
        }
        Duration wait = Duration.between(now, next);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private void printPending(String nodeName, List<Pod> evicted, java.util.Set<Pod> notEvicted, String firstError) {
        err.println("There are pending pods in node \"" + nodeName + "\" when an error occurred: " + firstError);
        notEvicted.forEach(p -> err.println("pod/" + p.getMetadata().getName()));
        evicted.forEach(p -> err.println("pod/" + p.getMetadata().getName()));
    }

    private int failed(String nodeName, List<String> errors) {
        err.println("error: unable to drain node \"" + nodeName + "\" due to error: "
                + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]")
                + ", continuing command...");
        err.println("There are pending nodes to be drained:");
        err.println(" " + nodeName);
        errors.forEach(e -> err.println("error: " + e));
        return 1;
    }

    private String evictionError(Pod pod, String why) {
        return "error when evicting pods/\"" + pod.getMetadata().getName() + "\" -n \""
                + pod.getMetadata().getNamespace() + "\": " + why;
    }

    private String goDuration() {
        return GoDurations.format(options.timeout());
    }

    private static String ref(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
