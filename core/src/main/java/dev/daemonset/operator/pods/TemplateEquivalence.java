package dev.daemonset.operator.pods;

import dev.daemonset.operator.client.SharedSerialization;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When two pod templates are the same template: equal once the API server's defaults are filled in
 * and quantities are written one way. For apps/v1 the API server defaults the stored template, so
 * adding {@code protocol: TCP}, {@code imagePullPolicy: IfNotPresent} to a tagged image or writing
 * {@code cpu: 0.01} for {@code 10m} changes nothing and restarts no pod; a custom resource is stored
 * as written, so the operator applies the same defaults before it compares a template with its
 * revisions.
 *
 * <p>Used only to find the revision a template belongs to, never for the hash: the hash of every
 * template stays what it was, so an operator upgrade restarts no pod.
 */
public final class TemplateEquivalence {
    private static final KubernetesSerialization SERIALIZATION = SharedSerialization.INSTANCE;
    static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    static final int DEFAULT_MODE = 0644;

    private TemplateEquivalence() {}

    /** The canonical JSON of the template with the API server's defaults filled in. */
    public static String key(PodTemplateSpec template) {
        PodTemplateSpec copy = SERIALIZATION.clone(template);
        PodSpec spec = copy.getSpec();
        if (spec != null) {
            defaultPod(spec);
        }
        return TemplateHasher.canonicalJson(copy);
    }

    private static void defaultPod(PodSpec spec) {
        spec.setRestartPolicy(orDefault(spec.getRestartPolicy(), "Always"));
        spec.setDnsPolicy(orDefault(spec.getDnsPolicy(), "ClusterFirst"));
        spec.setSchedulerName(orDefault(spec.getSchedulerName(), "default-scheduler"));
        spec.setTerminationGracePeriodSeconds(orDefault(spec.getTerminationGracePeriodSeconds(), 30L));
        spec.setEnableServiceLinks(orDefault(spec.getEnableServiceLinks(), Boolean.TRUE));
        if (spec.getSecurityContext() == null) {
            spec.setSecurityContext(new PodSecurityContext());
        }
        if (spec.getServiceAccount() == null && spec.getServiceAccountName() != null) {
            spec.setServiceAccount(spec.getServiceAccountName());
        } else if (spec.getServiceAccountName() == null && spec.getServiceAccount() != null) {
            spec.setServiceAccountName(spec.getServiceAccount());
        }
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        defaultContainers(spec.getContainers(), hostNetwork);
        defaultContainers(spec.getInitContainers(), hostNetwork);
        if (spec.getVolumes() != null) {
            spec.getVolumes().forEach(TemplateEquivalence::defaultVolume);
        }
    }

    private static void defaultContainers(List<Container> containers, boolean hostNetwork) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            c.setImagePullPolicy(orDefault(c.getImagePullPolicy(), pullPolicyFor(c.getImage())));
            c.setTerminationMessagePath(orDefault(c.getTerminationMessagePath(), DEFAULT_TERMINATION_MESSAGE_PATH));
            c.setTerminationMessagePolicy(orDefault(c.getTerminationMessagePolicy(), "File"));
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    p.setProtocol(orDefault(p.getProtocol(), "TCP"));
                    if (hostNetwork && p.getHostPort() == null) {
                        p.setHostPort(p.getContainerPort());
                    }
                }
            }
            if (c.getEnv() != null) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
                        e.getValueFrom()
                                .getFieldRef()
                                .setApiVersion(
                                        orDefault(e.getValueFrom().getFieldRef().getApiVersion(), "v1"));
                    }
                }
            }
            defaultProbe(c.getLivenessProbe());
            defaultProbe(c.getReadinessProbe());
            defaultProbe(c.getStartupProbe());
            normalizeResources(c.getResources());
        }
    }

    /** As the API server: Always for {@code :latest} or no tag (unless pinned by digest), else IfNotPresent. */
    static String pullPolicyFor(String image) {
        if (image == null) {
            return "IfNotPresent";
        }
        if (image.contains("@")) {
            return "IfNotPresent";
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
    }

    private static void defaultProbe(Probe p) {
        if (p == null) {
            return;
        }
        p.setTimeoutSeconds(orDefault(p.getTimeoutSeconds(), 1));
        p.setPeriodSeconds(orDefault(p.getPeriodSeconds(), 10));
        p.setSuccessThreshold(orDefault(p.getSuccessThreshold(), 1));
        p.setFailureThreshold(orDefault(p.getFailureThreshold(), 3));
        if (p.getHttpGet() != null) {
            p.getHttpGet().setScheme(orDefault(p.getHttpGet().getScheme(), "HTTP"));
            p.getHttpGet().setPath(orDefault(p.getHttpGet().getPath(), "/"));
        }
    }

    /** Quantities by value ({@code 0.01} and {@code 10m} alike); limits without requests are the requests too. */
    private static void normalizeResources(ResourceRequirements r) {
        if (r == null) {
            return;
        }
        Map<String, Quantity> limits = normalized(r.getLimits());
        Map<String, Quantity> requests = normalized(r.getRequests());
        if (limits != null) {
            Map<String, Quantity> withDefaults =
                    requests == null ? new LinkedHashMap<>() : new LinkedHashMap<>(requests);
            limits.forEach(withDefaults::putIfAbsent);
            requests = withDefaults;
        }
        r.setLimits(limits);
        r.setRequests(requests);
    }

    private static Map<String, Quantity> normalized(Map<String, Quantity> quantities) {
        if (quantities == null || quantities.isEmpty()) {
            return null;
        }
        Map<String, Quantity> out = new LinkedHashMap<>();
        quantities.forEach((name, q) -> out.put(name, byValue(q)));
        return out;
    }

    private static Quantity byValue(Quantity q) {
        try {
            BigDecimal value = Quantity.getAmountInBytes(q);
            return new Quantity(value.stripTrailingZeros().toPlainString());
        } catch (RuntimeException unparsable) {
            return q; // the API server would have refused it; compare it as written
        }
    }

    private static void defaultVolume(Volume v) {
        if (v.getConfigMap() != null) {
            v.getConfigMap().setDefaultMode(orDefault(v.getConfigMap().getDefaultMode(), DEFAULT_MODE));
        }
        if (v.getSecret() != null) {
            v.getSecret().setDefaultMode(orDefault(v.getSecret().getDefaultMode(), DEFAULT_MODE));
        }
        if (v.getDownwardAPI() != null) {
            v.getDownwardAPI().setDefaultMode(orDefault(v.getDownwardAPI().getDefaultMode(), DEFAULT_MODE));
        }
        if (v.getProjected() != null) {
            v.getProjected().setDefaultMode(orDefault(v.getProjected().getDefaultMode(), DEFAULT_MODE));
        }
        if (v.getHostPath() != null) {
            v.getHostPath().setType(orDefault(v.getHostPath().getType(), ""));
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
