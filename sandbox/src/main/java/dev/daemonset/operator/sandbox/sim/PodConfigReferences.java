package dev.daemonset.operator.sandbox.sim;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets a pod needs before its containers can start, as a kubelet finds them: a
 * volume of a missing one is not mounted (the pod stays ContainerCreating, event FailedMount), an
 * environment variable or {@code envFrom} of a missing one (or of a missing key) is a
 * CreateContainerConfigError. {@code optional: true} references never block. Without this the sandbox ran
 * a log shipper whose ConfigMap was never created, which a cluster leaves Pending. Read from watch caches, as
 * a kubelet's watch-based ConfigMap and Secret managers read them: no request per pod.
 */
final class PodConfigReferences {
    /** What keeps the pod from starting: the container it blocks (null for a volume) and the kubelet's words. */
    record Missing(String container, String message) {
        boolean isMount() {
            return container == null;
        }
    }

    private final SharedIndexInformer<ConfigMap> configMaps;
    private final SharedIndexInformer<Secret> secrets;

    PodConfigReferences(SharedIndexInformer<ConfigMap> configMaps, SharedIndexInformer<Secret> secrets) {
        this.configMaps = configMaps;
        this.secrets = secrets;
    }

    /** The first reference that cannot be resolved now; empty when every one can. */
    Optional<Missing> firstMissing(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        for (Volume v : orEmpty(pod.getSpec().getVolumes())) {
            Optional<String> problem = volumeProblem(ns, v);
            if (problem.isPresent()) {
                return Optional.of(new Missing(
                        null, "MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + problem.get()));
            }
        }
        List<Container> containers = new ArrayList<>(orEmpty(pod.getSpec().getInitContainers()));
        containers.addAll(orEmpty(pod.getSpec().getContainers()));
        for (Container c : containers) {
            Optional<String> problem = environmentProblem(ns, c);
            if (problem.isPresent()) {
                return Optional.of(new Missing(c.getName(), problem.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> volumeProblem(String ns, Volume v) {
        Optional<String> problem = eitherProblem(
                ns,
                v.getConfigMap() == null ? null : v.getConfigMap().getName(),
                v.getConfigMap() != null && isTrue(v.getConfigMap().getOptional()),
                v.getSecret() == null ? null : v.getSecret().getSecretName(),
                v.getSecret() != null && isTrue(v.getSecret().getOptional()));
        if (problem.isPresent() || v.getProjected() == null) {
            return problem;
        }
        for (VolumeProjection p : orEmpty(v.getProjected().getSources())) {
            problem = eitherProblem(
                    ns,
                    p.getConfigMap() == null ? null : p.getConfigMap().getName(),
                    p.getConfigMap() != null && isTrue(p.getConfigMap().getOptional()),
                    p.getSecret() == null ? null : p.getSecret().getName(),
                    p.getSecret() != null && isTrue(p.getSecret().getOptional()));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> environmentProblem(String ns, Container c) {
        for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
            Optional<String> problem = eitherProblem(
                    ns,
                    from.getConfigMapRef() == null
                            ? null
                            : from.getConfigMapRef().getName(),
                    from.getConfigMapRef() != null
                            && isTrue(from.getConfigMapRef().getOptional()),
                    from.getSecretRef() == null ? null : from.getSecretRef().getName(),
                    from.getSecretRef() != null && isTrue(from.getSecretRef().getOptional()));
            if (problem.isPresent()) {
                return problem;
            }
        }
        for (EnvVar env : orEmpty(c.getEnv())) {
            EnvVarSource from = env.getValueFrom();
            if (from == null) {
                continue;
            }
            if (from.getConfigMapKeyRef() != null
                    && !isTrue(from.getConfigMapKeyRef().getOptional())) {
                String name = from.getConfigMapKeyRef().getName();
                ConfigMap cm = configMaps.getStore().getByKey(ns + "/" + name);
                if (cm == null) {
                    return Optional.of("configmap \"" + name + "\" not found");
                }
                String key = from.getConfigMapKeyRef().getKey();
                if (!has(cm.getData(), key) && !has(cm.getBinaryData(), key)) {
                    return Optional.of("couldn't find key " + key + " in ConfigMap " + ns + "/" + name);
                }
            }
            if (from.getSecretKeyRef() != null && !isTrue(from.getSecretKeyRef().getOptional())) {
                String name = from.getSecretKeyRef().getName();
                Secret secret = secrets.getStore().getByKey(ns + "/" + name);
                if (secret == null) {
                    return Optional.of("secret \"" + name + "\" not found");
                }
                String key = from.getSecretKeyRef().getKey();
                if (!has(secret.getData(), key) && !has(secret.getStringData(), key)) {
                    return Optional.of("couldn't find key " + key + " in Secret " + ns + "/" + name);
                }
            }
        }
        return Optional.empty();
    }

    /** A source names a ConfigMap or a Secret (the other name is null); an optional one never blocks. */
    private Optional<String> eitherProblem(
            String ns, String configMap, boolean configMapOptional, String secret, boolean secretOptional) {
        if (configMap != null && !configMapOptional) {
            return configMapMissing(ns, configMap);
        }
        if (secret != null && !secretOptional) {
            return secretMissing(ns, secret);
        }
        return Optional.empty();
    }

    private Optional<String> configMapMissing(String ns, String name) {
        return configMaps.getStore().getByKey(ns + "/" + name) == null
                ? Optional.of("configmap \"" + name + "\" not found")
                : Optional.empty();
    }

    private Optional<String> secretMissing(String ns, String name) {
        return secrets.getStore().getByKey(ns + "/" + name) == null
                ? Optional.of("secret \"" + name + "\" not found")
                : Optional.empty();
    }

    private static boolean has(Map<String, String> data, String key) {
        return data != null && data.containsKey(key);
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
