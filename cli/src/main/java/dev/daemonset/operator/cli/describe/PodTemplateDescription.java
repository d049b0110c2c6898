package dev.daemonset.operator.cli.describe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The {@code Pod Template:} section of kubectl describe: labels, service account, containers, volumes, scheduling. */
final class PodTemplateDescription {
    private PodTemplateDescription() {}

    static void write(PodTemplateSpec template, TabWriter w) {
        w.write("Pod Template:\n");
        if (template == null) {
            w.write("  <unset>");
            return;
        }
        PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
        Sections.labels(
                w,
                "  Labels",
                template.getMetadata() == null ? null : template.getMetadata().getLabels());
        Map<String, String> annotations =
                template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        if (annotations != null && !annotations.isEmpty()) {
            Sections.annotations(w, "  Annotations", annotations);
        }
        if (notEmpty(spec.getServiceAccountName())) {
            w.write("  Service Account:\t" + spec.getServiceAccountName() + "\n");
        }
        if (spec.getInitContainers() != null && !spec.getInitContainers().isEmpty()) {
            containers("Init Containers", spec.getInitContainers(), w);
        }
        containers("Containers", spec.getContainers() == null ? List.of() : spec.getContainers(), w);
        volumes(spec.getVolumes() == null ? List.of() : spec.getVolumes(), w);
        if (notEmpty(spec.getPriorityClassName())) {
            w.write("  Priority Class Name:\t" + spec.getPriorityClassName() + "\n");
        }
        Sections.labels(w, "  Node-Selectors", spec.getNodeSelector());
        tolerations(spec.getTolerations() == null ? List.of() : spec.getTolerations(), w);
    }

    private static void containers(String label, List<Container> containers, TabWriter w) {
        w.write("  " + label + ":" + (containers.isEmpty() ? " <none>" : "") + "\n");
        for (Container c : containers) {
            w.write("   " + c.getName() + ":\n");
            w.write("    Image:\t" + nullToEmpty(c.getImage()) + "\n");
            List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
            String portText = ports.stream()
                    .map(p -> p.getContainerPort() + "/" + protocol(p))
                    .collect(Collectors.joining(", "));
            String hostText = ports.stream()
                    .map(p -> (p.getHostPort() == null ? 0 : p.getHostPort()) + "/" + protocol(p))
                    .collect(Collectors.joining(", "));
            w.write(
                    portText.contains(",")
                            ? "    Ports:\t" + portText + "\n"
                            : "    Port:\t" + orNone(portText) + "\n");
            w.write(
                    hostText.contains(",")
                            ? "    Host Ports:\t" + hostText + "\n"
                            : "    Host Port:\t" + orNone(hostText) + "\n");
            lines("    Command:\n", c.getCommand(), w);
            lines("    Args:\n", c.getArgs(), w);
            resources(
                    "Limits", c.getResources() == null ? null : c.getResources().getLimits(), w);
            resources(
                    "Requests",
                    c.getResources() == null ? null : c.getResources().getRequests(),
                    w);
            probe("Liveness", c.getLivenessProbe(), w);
            probe("Readiness", c.getReadinessProbe(), w);
            probe("Startup", c.getStartupProbe(), w);
            if (c.getEnvFrom() != null && !c.getEnvFrom().isEmpty()) {
                envFrom(c.getEnvFrom(), w);
            }
            env(c.getEnv() == null ? List.of() : c.getEnv(), w);
            mounts(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts(), w);
        }
    }

    private static void lines(String title, List<String> values, TabWriter w) {
        if (values == null || values.isEmpty()) {
            return;
        }
        w.write(title);
        values.forEach(v -> v.lines().forEach(s -> w.write("      " + s + "\n")));
    }

    private static void resources(String title, Map<String, Quantity> quantities, TabWriter w) {
        if (quantities == null || quantities.isEmpty()) {
            return;
        }
        w.write("    " + title + ":\n");
        new TreeMap<>(quantities).forEach((name, q) -> w.write("      " + name + ":\t" + q + "\n"));
    }

    private static void probe(String title, Probe probe, TabWriter w) {
        if (probe == null) {
            return;
        }
        String action;
        if (probe.getHttpGet() != null) {
            var get = probe.getHttpGet();
            String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(java.util.Locale.ROOT);
            action = "http-get " + scheme + "://" + nullToEmpty(get.getHost()) + ":"
                    + (get.getPort() == null ? "" : get.getPort().getValue()) + nullToEmpty(get.getPath());
        } else if (probe.getTcpSocket() != null) {
            action = "tcp-socket " + nullToEmpty(probe.getTcpSocket().getHost()) + ":"
                    + (probe.getTcpSocket().getPort() == null
                            ? ""
                            : probe.getTcpSocket().getPort().getValue());
        } else if (probe.getExec() != null) {
            action = "exec " + probe.getExec().getCommand();
        } else if (probe.getGrpc() != null) {
            action = "grpc <pod>:" + probe.getGrpc().getPort() + " "
                    + nullToEmpty(probe.getGrpc().getService());
        } else {
            action = "unknown";
        }
        w.write("    " + title + ":\t" + action + " delay=" + orZero(probe.getInitialDelaySeconds()) + "s timeout="
                + orDefault(probe.getTimeoutSeconds(), 1) + "s period=" + orDefault(probe.getPeriodSeconds(), 10)
                + "s #success=" + orDefault(probe.getSuccessThreshold(), 1) + " #failure="
                + orDefault(probe.getFailureThreshold(), 3) + "\n");
    }

    private static void envFrom(List<EnvFromSource> sources, TabWriter w) {
        w.write("    Environment Variables from:\n");
        for (EnvFromSource e : sources) {
            String from;
            String name;
            Boolean optional;
            if (e.getConfigMapRef() != null) {
                from = "ConfigMap";
                name = e.getConfigMapRef().getName();
                optional = e.getConfigMapRef().getOptional();
            } else if (e.getSecretRef() != null) {
                from = "Secret";
                name = e.getSecretRef().getName();
                optional = e.getSecretRef().getOptional();
            } else {
                continue;
            }
            String prefix = notEmpty(e.getPrefix()) ? " with prefix '" + e.getPrefix() + "'" : "";
            w.write("      " + name + "\t" + from + prefix + "\tOptional: " + Boolean.TRUE.equals(optional) + "\n");
        }
    }

    private static void env(List<EnvVar> env, TabWriter w) {
        w.write("    Environment:" + (env.isEmpty() ? "\t<none>" : "") + "\n");
        for (EnvVar e : env) {
            var from = e.getValueFrom();
            if (from == null) {
                List<String> parts = nullToEmpty(e.getValue()).lines().toList();
                w.write("      " + e.getName() + ":\t" + (parts.isEmpty() ? "" : parts.get(0)) + "\n");
                parts.stream().skip(1).forEach(s -> w.write("      \t" + s + "\n"));
            } else if (from.getFieldRef() != null) {
                w.write("      " + e.getName() + ":\t ("
                        + nullToEmpty(from.getFieldRef().getApiVersion()) + ":"
                        + from.getFieldRef().getFieldPath() + ")\n");
            } else if (from.getResourceFieldRef() != null) {
                w.write("      " + e.getName() + ":\t ("
                        + from.getResourceFieldRef().getResource() + ")\n");
            } else if (from.getSecretKeyRef() != null) {
                w.write("      " + e.getName() + ":\t<set to the key '"
                        + from.getSecretKeyRef().getKey() + "' in secret '"
                        + from.getSecretKeyRef().getName() + "'>\tOptional: "
                        + Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()) + "\n");
            } else if (from.getConfigMapKeyRef() != null) {
                w.write("      " + e.getName() + ":\t<set to the key '"
                        + from.getConfigMapKeyRef().getKey()
                        + "' of config map '" + from.getConfigMapKeyRef().getName() + "'>\tOptional: "
                        + Boolean.TRUE.equals(from.getConfigMapKeyRef().getOptional()) + "\n");
            }
        }
    }

    private static void mounts(List<VolumeMount> mounts, TabWriter w) {
        w.write("    Mounts:" + (mounts.isEmpty() ? "\t<none>" : "") + "\n");
        mounts.stream()
                .sorted(Comparator.comparing(m -> nullToEmpty(m.getMountPath())))
                .forEach(m -> {
                    List<String> flags = new ArrayList<>();
                    flags.add(Boolean.TRUE.equals(m.getReadOnly()) ? "ro" : "rw");
                    if (notEmpty(m.getSubPath())) {
                        flags.add("path=\"" + m.getSubPath() + "\"");
                    }
                    w.write("      " + m.getMountPath() + " from " + m.getName() + " (" + String.join(",", flags)
                            + ")\n");
                });
    }

    private static void volumes(List<Volume> volumes, TabWriter w) {
        if (volumes.isEmpty()) {
            w.write("  Volumes:\t<none>\n");
            return;
        }
        w.write("  Volumes:\n");
        for (Volume v : volumes) {
            w.write("   " + v.getName() + ":\n");
            if (v.getHostPath() != null) {
                w.write("    Type:\tHostPath (bare host directory volume)\n    Path:\t"
                        + v.getHostPath().getPath() + "\n    HostPathType:\t"
                        + orNone(nullToEmpty(v.getHostPath().getType())) + "\n");
            } else if (v.getEmptyDir() != null) {
                Quantity limit = v.getEmptyDir().getSizeLimit();
                w.write("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t"
                        + nullToEmpty(v.getEmptyDir().getMedium()) + "\n    SizeLimit:\t"
                        + (limit == null ? "<unset>" : limit)
                        + "\n");
            } else if (v.getConfigMap() != null) {
                w.write("    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t"
                        + v.getConfigMap().getName() + "\n    Optional:\t"
                        + Boolean.TRUE.equals(v.getConfigMap().getOptional()) + "\n");
            } else if (v.getSecret() != null) {
                w.write("    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t"
                        + v.getSecret().getSecretName() + "\n    Optional:\t"
                        + Boolean.TRUE.equals(v.getSecret().getOptional()) + "\n");
            } else if (v.getPersistentVolumeClaim() != null) {
                w.write(
                        "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                                + "    ClaimName:\t"
                                + v.getPersistentVolumeClaim().getClaimName() + "\n    ReadOnly:\t"
                                + Boolean.TRUE.equals(
                                        v.getPersistentVolumeClaim().getReadOnly()) + "\n");
            } else if (v.getProjected() != null) {
                w.write("    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            } else if (v.getDownwardAPI() != null) {
                w.write("    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
                v.getDownwardAPI()
                        .getItems()
                        .forEach(i -> w.write("      "
                                + (i.getFieldRef() != null
                                        ? i.getFieldRef().getFieldPath()
                                        : i.getResourceFieldRef().getResource())
                                + " -> " + i.getPath() + "\n"));
            } else {
                w.write("  <unknown>\n");
            }
        }
    }

    /** kubectl's toleration lines: {@code key=value:Effect}, {@code op=Exists}, {@code for 300s}; sorted by key. */
    private static void tolerations(List<Toleration> tolerations, TabWriter w) {
        w.write("  Tolerations:\t");
        if (tolerations.isEmpty()) {
            w.write("<none>\n");
            return;
        }
        List<Toleration> sorted = tolerations.stream()
                .sorted(Comparator.comparing(t -> nullToEmpty(t.getKey())))
                .toList();
        for (int i = 0; i < sorted.size(); i++) {
            Toleration t = sorted.get(i);
            StringBuilder s = new StringBuilder(i == 0 ? "" : "\t").append(nullToEmpty(t.getKey()));
            if (notEmpty(t.getValue())) {
                s.append('=').append(t.getValue());
            }
            if (notEmpty(t.getEffect())) {
                s.append(':').append(t.getEffect());
            }
            if ("Exists".equals(t.getOperator()) && !notEmpty(t.getValue())) {
                s.append(notEmpty(t.getKey()) || notEmpty(t.getEffect()) ? " op=Exists" : "op=Exists");
            }
            if (t.getTolerationSeconds() != null) {
                s.append(" for ").append(t.getTolerationSeconds()).append('s');
            }
            w.write(s.append('\n').toString());
        }
    }

    private static String protocol(ContainerPort p) {
        return p.getProtocol() == null ? "TCP" : p.getProtocol();
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static int orDefault(Integer i, int d) {
        return i == null ? d : i;
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
