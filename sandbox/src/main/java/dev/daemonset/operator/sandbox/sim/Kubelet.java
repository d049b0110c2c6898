package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The kubelets of all simulated nodes. A pod bound to a node whose kubelet runs becomes Pending
 * (ContainerCreating) at once and Running with Ready=True {@code readyAfter} later, with container
 * statuses, podIP, hostIP and startTime. Images whose reference contains {@code non-existent} stay
 * Pending in ErrImagePull; images containing {@code crashloop} run but never get ready
 * (CrashLoopBackOff, restartCount growing with back-off). A pod whose ConfigMap or Secret (volume,
 * {@code envFrom} or {@code valueFrom}) does not exist stays Pending until it does ({@link PodConfigReferences}),
 * and starts {@code readyAfter} after it appears. A pod annotated
 * {@code sandbox.daemonset.dev/readiness-probe=failing} has the readiness probes of its containers fail, as
 * a container whose probe command starts failing would: those containers stay running but not ready, and
 * so does the pod (upstream's e2e tests make a probe fail by writing to the file it reads). A pod marked for
 * deletion whose finalizers are gone is removed. On a node whose kubelet is stopped nothing happens (see
 * {@link NodeLifecycle}).
 */
public final class Kubelet implements AutoCloseable {
    public static final String NON_EXISTENT_IMAGE = "non-existent";
    public static final String CRASHLOOP_IMAGE = "crashloop";
    /** Annotate a pod with {@code sandbox.daemonset.dev/readiness-probe=failing} to make its readiness probes fail. */
    public static final String READINESS_PROBE_ANNOTATION = "sandbox.daemonset.dev/readiness-probe";

    public static final String READINESS_PROBE_FAILING = "failing";
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final Duration readyAfter;
    private final Clock clock;
    private final EventRecorder events;
    private final PodConfigReferences references;
    /** Keys of the pods held back by a missing ConfigMap or Secret, looked at again when one appears. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private final KeyedWorker worker;
    private final Map<String, PodRuntime> runtimes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> ipCounters = new ConcurrentHashMap<>();

    /** What the kubelet remembers of one pod: when it was bound, its IP, its restarts. */
    private static final class PodRuntime {
        final Instant boundAt;
        final String ip;
        int restarts;
        Instant nextRestart;
        boolean warned;
        /** When every ConfigMap and Secret the pod needs was found; null while one is missing. */
        Instant configuredAt;
        /** The last missing reference reported as an event, so that each is reported once. */
        String reportedMissing;

        PodRuntime(Instant boundAt, String ip) {
            this.boundAt = boundAt;
            this.ip = ip;
        }
    }

    public Kubelet(
            KubernetesClient client,
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Node> nodes,
            SharedIndexInformer<ConfigMap> configMaps,
            SharedIndexInformer<Secret> secrets,
            Duration readyAfter,
            Clock clock) {
        this.client = client;
        this.pods = pods;
        this.nodes = nodes;
        this.readyAfter = readyAfter;
        this.clock = clock;
        this.events = new EventRecorder(client, "kubelet", clock);
        this.references = new PodConfigReferences(configMaps, secrets);
        configMaps.addEventHandler(retryHeldPods());
        secrets.addEventHandler(retryHeldPods());
        this.worker = new KeyedWorker("kubelet", this::sync);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (isBound(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                    worker.enqueue(Cache.metaNamespaceKeyFunc(pod));
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                onAdd(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                runtimes.remove(pod.getMetadata().getUid());
                held.remove(Cache.metaNamespaceKeyFunc(pod));
            }
        });
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                syncPodsOn(node.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node oldNode, Node node) {
                if (SimNodes.isKubeletStopped(oldNode) != SimNodes.isKubeletStopped(node)) {
                    syncPodsOn(node.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Node node, boolean unknownFinalState) {
                // the garbage collector deletes the node's pods
            }
        });
    }

    /** A ConfigMap or Secret that appears or changes may be what a held pod waits for: look again. */
    private <T extends HasMetadata> ResourceEventHandler<T> retryHeldPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                String prefix = obj.getMetadata().getNamespace() + "/";
                for (String key : held) {
                    if (key.startsWith(prefix)) {
                        worker.enqueue(key);
                    }
                }
            }

            @Override
            public void onUpdate(T oldObj, T obj) {
                onAdd(obj);
            }

            @Override
            public void onDelete(T obj, boolean unknownFinalState) {
                // a started container keeps what it mounted and read
            }
        };
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    private static boolean isBound(Pod pod) {
        return pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
    }

    private void syncPodsOn(String nodeName) {
        for (Pod pod : PodsByNode.on(pods, nodeName)) {
            worker.enqueue(Cache.metaNamespaceKeyFunc(pod));
        }
    }

    private void sync(String key) {
        Pod pod = pods.getStore().getByKey(key);
        if (pod == null) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (pod.getMetadata().getFinalizers() == null
                    || pod.getMetadata().getFinalizers().isEmpty()) {
                client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .withGracePeriod(0)
                        .delete();
            }
            return;
        }
        if (!isBound(pod) || isTerminal(pod)) {
            // a kubelet never takes a pod out of Failed or Succeeded: its controller must replace it
            return;
        }
        Node node = nodes.getStore().getByKey(pod.getSpec().getNodeName());
        if (node == null || SimNodes.isKubeletStopped(node)) {
            return;
        }
        Instant now = clock.instant();
        PodRuntime rt =
                runtimes.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodRuntime(now, allocateIp(node)));
        if (rt.configuredAt == null) {
            // held before looking, so that what appears after the look enqueues the pod again
            held.add(key);
            Optional<PodConfigReferences.Missing> missing = references.firstMissing(pod);
            if (missing.isPresent()) {
                holdBack(pod, node, rt, missing.get());
                return;
            }
            held.remove(key);
            rt.configuredAt = now;
        }
        Instant startAt = rt.configuredAt.plus(readyAfter);
        boolean started = !now.isBefore(startAt);
        boolean crashLooping = started && images(pod).stream().anyMatch(i -> i.contains(CRASHLOOP_IMAGE));
        if (crashLooping) {
            Duration base = readyAfter.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : readyAfter;
            if (rt.nextRestart == null) {
                rt.nextRestart = now.plus(base);
            } else if (!now.isBefore(rt.nextRestart)) {
                rt.restarts++;
                rt.nextRestart = now.plus(base.multipliedBy(1L << Math.min(rt.restarts, 5)));
            }
        }
        PodStatus desired = desiredStatus(pod, node, rt, started, startAt);
        if (!signature(pod.getStatus()).equals(signature(desired))) {
            writeStatus(pod, desired);
            warnOnce(pod, rt, desired);
        }
        if (!started) {
            worker.enqueueAfter(key, Duration.between(now, startAt));
        } else if (crashLooping) {
            worker.enqueueAfter(key, Duration.between(now, rt.nextRestart));
        }
    }

    /**
     * A pod whose ConfigMap or Secret is missing: Pending, its containers not started (the one whose environment
     * needs it in CreateContainerConfigError), and a Warning event naming what is missing, as a kubelet reports.
     */
    private void holdBack(Pod pod, Node node, PodRuntime rt, PodConfigReferences.Missing missing) {
        PodStatus held = desiredStatus(pod, node, rt, false, rt.boundAt);
        if (!missing.isMount()) {
            for (ContainerStatus cs : held.getContainerStatuses()) {
                if (cs.getName().equals(missing.container())) {
                    cs.setState(waiting("CreateContainerConfigError", missing.message()));
                }
            }
            held.getConditions().stream()
                    .filter(c -> c.getType().equals("PodReadyToStartContainers"))
                    .forEach(c -> {
                        c.setStatus("True");
                        c.setReason(null);
                        c.setMessage(null);
                    });
        }
        if (!signature(pod.getStatus()).equals(signature(held))) {
            writeStatus(pod, held);
        }
        if (!missing.message().equals(rt.reportedMissing)) {
            rt.reportedMissing = missing.message();
            events.record(
                    pod,
                    "Warning",
                    missing.isMount() ? "FailedMount" : "Failed",
                    missing.isMount() ? missing.message() : "Error: " + missing.message(),
                    pod.getSpec().getNodeName());
        }
    }

    private void warnOnce(Pod pod, PodRuntime rt, PodStatus status) {
        if (rt.warned) {
            return;
        }
        for (ContainerStatus cs : status.getContainerStatuses()) {
            String reason = cs.getState().getWaiting() == null
                    ? null
                    : cs.getState().getWaiting().getReason();
            if ("ErrImagePull".equals(reason)) {
                rt.warned = true;
                events.record(
                        pod,
                        "Warning",
                        "Failed",
                        cs.getState().getWaiting().getMessage(),
                        pod.getSpec().getNodeName());
            } else if ("CrashLoopBackOff".equals(reason)) {
                rt.warned = true;
                events.record(
                        pod,
                        "Warning",
                        "BackOff",
                        "Back-off restarting failed container " + cs.getName() + " in pod "
                                + pod.getMetadata().getName(),
                        pod.getSpec().getNodeName());
            }
        }
    }

    private String allocateIp(Node node) {
        String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        String prefix = cidr != null && cidr.endsWith(".0/24")
                ? cidr.substring(0, cidr.length() - ".0/24".length())
                : "10.244.255";
        int n = ipCounters
                .computeIfAbsent(node.getMetadata().getName(), k -> new AtomicInteger())
                .getAndIncrement();
        return prefix + "." + (n % 253 + 2);
    }

    private static List<String> images(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .map(c -> Objects.requireNonNullElse(c.getImage(), ""))
                .toList();
    }

    private PodStatus desiredStatus(Pod pod, Node node, PodRuntime rt, boolean started, Instant startAt) {
        String startedAt = ts(startAt);
        boolean probesFail = readinessProbesFail(pod);
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean imagePullFailed = false;
        for (Container c : pod.getSpec().getContainers()) {
            String image = Objects.requireNonNullElse(c.getImage(), "");
            ContainerStatusBuilder cs = new ContainerStatusBuilder()
                    .withName(c.getName())
                    .withImage(image)
                    .withImageID("")
                    .withRestartCount(0)
                    .withReady(false)
                    .withStarted(false);
            if (!started) {
                cs.withState(waiting("ContainerCreating", null));
            } else if (image.contains(NON_EXISTENT_IMAGE)) {
                imagePullFailed = true;
                cs.withState(waiting("ErrImagePull", "failed to pull and unpack image \"" + image + "\": not found"));
            } else if (image.contains(CRASHLOOP_IMAGE)) {
                cs.withImageID(imageId(image))
                        .withContainerID(containerId(pod, c))
                        .withRestartCount(rt.restarts)
                        .withState(waiting(
                                "CrashLoopBackOff",
                                "back-off restarting failed container=" + c.getName() + " pod="
                                        + pod.getMetadata().getName()))
                        .withLastState(new ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(1)
                                .withReason("Error")
                                .withStartedAt(startedAt)
                                .withFinishedAt(startedAt)
                                .endTerminated()
                                .build());
            } else {
                boolean ready = !(probesFail && c.getReadinessProbe() != null);
                cs.withImageID(imageId(image))
                        .withContainerID(containerId(pod, c))
                        .withReady(ready)
                        .withStarted(true)
                        .withState(new ContainerStateBuilder()
                                .withNewRunning()
                                .withStartedAt(startedAt)
                                .endRunning()
                                .build());
            }
            statuses.add(cs.build());
        }
        boolean allReady = statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
        String unready = statuses.stream()
                .filter(s -> !Boolean.TRUE.equals(s.getReady()))
                .map(ContainerStatus::getName)
                .collect(Collectors.joining(" ", "[", "]"));
        String now = ts(clock.instant());
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", started, null, null, now),
                condition("Initialized", true, null, null, now),
                condition("Ready", allReady, "ContainersNotReady", "containers with unready status: " + unready, now),
                condition(
                        "ContainersReady",
                        allReady,
                        "ContainersNotReady",
                        "containers with unready status: " + unready,
                        now),
                condition("PodScheduled", true, null, null, now));
        PodStatus status = new PodStatus();
        status.setPhase(!started || imagePullFailed ? "Pending" : "Running");
        status.setConditions(new ArrayList<>(conditions));
        status.setContainerStatuses(statuses);
        String hostIp = Objects.requireNonNullElse(SimNodes.internalIpOf(node), "");
        status.setHostIP(hostIp);
        status.setHostIPs(List.of(new HostIP(hostIp)));
        // a pod in the host's network namespace has the node's address
        String podIp = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) && !hostIp.isEmpty() ? hostIp : rt.ip;
        status.setPodIP(podIp);
        status.setPodIPs(List.of(new PodIP(podIp)));
        status.setStartTime(ts(rt.boundAt));
        status.setQosClass("BestEffort");
        if (pod.getSpec().getInitContainers() != null
                && !pod.getSpec().getInitContainers().isEmpty()) {
            List<ContainerStatus> init = new ArrayList<>();
            for (Container c : pod.getSpec().getInitContainers()) {
                init.add(new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID(imageId(c.getImage()))
                        .withReady(true)
                        .withRestartCount(0)
                        .withState(new ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(0)
                                .withReason("Completed")
                                .withStartedAt(ts(rt.boundAt))
                                .withFinishedAt(ts(rt.boundAt))
                                .endTerminated()
                                .build())
                        .build());
            }
            status.setInitContainerStatuses(init);
        }
        return status;
    }

    private static boolean readinessProbesFail(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && READINESS_PROBE_FAILING.equals(annotations.get(READINESS_PROBE_ANNOTATION));
    }

    private void writeStatus(Pod pod, PodStatus desired) {
        // keep lastTransitionTime of conditions whose status did not change
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : desired.getConditions()) {
                pod.getStatus().getConditions().stream()
                        .filter(old ->
                                old.getType().equals(c.getType()) && Objects.equals(old.getStatus(), c.getStatus()))
                        .findFirst()
                        .ifPresent(old -> c.setLastTransitionTime(old.getLastTransitionTime()));
            }
        }
        Pod copy = client.getKubernetesSerialization().clone(pod);
        copy.setStatus(desired);
        try {
            client.pods()
                    .inNamespace(pod.getMetadata().getNamespace())
                    .resource(copy)
                    .updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The parts of a status the kubelet decides; a write happens only when they differ. */
    static String signature(PodStatus status) {
        if (status == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(status.getPhase())
                .append('|')
                .append(status.getPodIP())
                .append('|')
                .append(status.getHostIP())
                .append('|');
        if (status.getConditions() != null) {
            status.getConditions().stream()
                    .map(c -> c.getType() + "=" + c.getStatus())
                    .sorted()
                    .forEach(s -> sb.append(s).append(','));
        }
        sb.append('|');
        if (status.getContainerStatuses() != null) {
            for (ContainerStatus cs : status.getContainerStatuses()) {
                ContainerState st = cs.getState();
                String state = st == null
                        ? "none"
                        : st.getRunning() != null
                                ? "running"
                                : st.getWaiting() != null
                                        ? "waiting:" + st.getWaiting().getReason()
                                        : st.getTerminated() != null
                                                ? "terminated:"
                                                        + st.getTerminated().getReason()
                                                : "none";
                sb.append(cs.getName())
                        .append(':')
                        .append(cs.getReady())
                        .append(':')
                        .append(cs.getRestartCount())
                        .append(':')
                        .append(state)
                        .append(',');
            }
        }
        return sb.toString();
    }

    private static ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .build();
    }

    private static PodCondition condition(String type, boolean ok, String reason, String message, String now) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(ok ? "True" : "False")
                .withReason(ok ? null : reason)
                .withMessage(ok ? null : message)
                .withLastProbeTime(null)
                .withLastTransitionTime(now)
                .build();
    }

    private static String imageId(String image) {
        return "sandbox://" + image;
    }

    private static String containerId(Pod pod, Container c) {
        return "sandbox://" + pod.getMetadata().getUid() + "-" + c.getName();
    }

    private static String ts(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        worker.close();
    }
}
