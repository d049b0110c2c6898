package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulated cluster's nodes: names, labels, taints, and the status a healthy kubelet reports. */
public final class SimNodes {
    public static final String CONTROL_PLANE = "sandbox-control-plane";
    public static final String WORKER_PREFIX = "sandbox-worker-";
    public static final String CONTROL_PLANE_ROLE = "node-role.kubernetes.io/control-plane";
    /** Annotate a node with {@code sandbox.daemonset.dev/kubelet=stopped} to make its kubelet stop. */
    public static final String KUBELET_ANNOTATION = "sandbox.daemonset.dev/kubelet";

    public static final String KUBELET_STOPPED = "stopped";
    public static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
    public static final String KUBELET_VERSION = "v1.32.0";
    private static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

    private SimNodes() {}

    /** The control plane followed by {@code workers} workers, without status (see {@link #healthyStatus}). */
    public static List<Node> initialNodes(int workers) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(node(
                CONTROL_PLANE,
                0,
                Map.of(CONTROL_PLANE_ROLE, ""),
                List.of(new TaintBuilder()
                        .withKey(CONTROL_PLANE_ROLE)
                        .withEffect("NoSchedule")
                        .build())));
        for (int i = 1; i <= workers; i++) {
            nodes.add(worker(i));
        }
        return nodes;
    }

    /** Worker number {@code i} (from 1), without status: registering it gives it one. */
    public static Node worker(int i) {
        return node(
                WORKER_PREFIX + i,
                i,
                Map.of("topology.kubernetes.io/zone", ZONES.get((i - 1) % ZONES.size())),
                List.of());
    }

    private static Node node(String name, int index, Map<String, String> extraLabels, List<Taint> taints) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.putAll(extraLabels);
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(podCidr(index))
                .withPodCIDRs(podCidr(index))
                .withTaints(taints)
                .endSpec()
                .build();
    }

    public static String podCidr(int index) {
        return "10.244." + index + ".0/24";
    }

    /** The status of a node whose kubelet is up. {@code index} picks its addresses. */
    public static NodeStatus healthyStatus(String name, int index, String now) {
        Map<String, Quantity> capacity = Map.of(
                "cpu",
                new Quantity("4"),
                "memory",
                new Quantity("8Gi"),
                "pods",
                new Quantity("110"),
                "ephemeral-storage",
                new Quantity("100Gi"));
        return new NodeStatusBuilder()
                .withConditions(conditions(true, now))
                .withAddresses(new NodeAddress(internalIp(index), "InternalIP"), new NodeAddress(name, "Hostname"))
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withNewDaemonEndpoints()
                .withNewKubeletEndpoint()
                .withPort(10250)
                .endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withOsImage("Sandbox Linux")
                .withKernelVersion("6.1.0-sandbox")
                .withContainerRuntimeVersion("sandbox://1.0.0")
                .withKubeletVersion(KUBELET_VERSION)
                .withKubeProxyVersion(KUBELET_VERSION)
                .withMachineID(name)
                .withSystemUUID(name)
                .withBootID(name)
                .endNodeInfo()
                .withPhase(null)
                .build();
    }

    public static String internalIp(int index) {
        return "172.18." + (index / 250) + "." + (index % 250 + 2);
    }

    /** The four kubelet conditions; Ready is True when {@code ready}, else Unknown (kubelet stopped posting). */
    public static List<NodeCondition> conditions(boolean ready, String now) {
        List<NodeCondition> out = new ArrayList<>();
        for (String[] pressure : new String[][] {
            {"MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
            {"DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
            {"PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"}
        }) {
            out.add(
                    ready
                            ? condition(pressure[0], "False", pressure[1], pressure[2], now)
                            : condition(
                                    pressure[0],
                                    "Unknown",
                                    "NodeStatusUnknown",
                                    "Kubelet stopped posting node status.",
                                    now));
        }
        out.add(
                ready
                        ? condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
                        : condition(
                                "Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", now));
        return out;
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String now) {
        return new NodeConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastHeartbeatTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    public static boolean isKubeletStopped(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations != null && KUBELET_STOPPED.equals(annotations.get(KUBELET_ANNOTATION));
    }

    public static String internalIpOf(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return null;
    }
}
