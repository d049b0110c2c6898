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

    /**
     * One ConfigMap or Secret a pod names; {@code key} is the one it reads, or null when it needs the whole object.
     */
    private record Reference(boolean secret, String name, boolean optional, String key) {
        static Reference configMap(String name, Boolean optional, String key) {
            return new Reference(false, name, isTrue(optional), key);
        }

        static Reference secret(String name, Boolean optional, String key) {
            return new Reference(true, name, isTrue(optional), key);
        }
    }

    private Optional<String> volumeProblem(String ns, Volume v) {
        List<Reference> refs = new ArrayList<>();
        if (v.getConfigMap() != null) {
            refs.add(Reference.configMap(
                    v.getConfigMap().getName(), v.getConfigMap().getOptional(), null));
        }
        if (v.getSecret() != null) {
            refs.add(Reference.secret(
                    v.getSecret().getSecretName(), v.getSecret().getOptional(), null));
        }
        if (v.getProjected() != null) {
            for (VolumeProjection p : orEmpty(v.getProjected().getSources())) {
                if (p.getConfigMap() != null) {
                    refs.add(Reference.configMap(
                            p.getConfigMap().getName(), p.getConfigMap().getOptional(), null));
                }
                if (p.getSecret() != null) {
                    refs.add(Reference.secret(
                            p.getSecret().getName(), p.getSecret().getOptional(), null));
                }
            }
        }
        return firstProblem(ns, refs);
    }

    private Optional<String> environmentProblem(String ns, Container c) {
        List<Reference> refs = new ArrayList<>();
        for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                refs.add(Reference.configMap(
                        from.getConfigMapRef().getName(), from.getConfigMapRef().getOptional(), null));
            }
            if (from.getSecretRef() != null) {
                refs.add(Reference.secret(
                        from.getSecretRef().getName(), from.getSecretRef().getOptional(), null));
            }
        }
        for (EnvVar env : orEmpty(c.getEnv())) {
            EnvVarSource from = env.getValueFrom();
            if (from != null && from.getConfigMapKeyRef() != null) {
                refs.add(Reference.configMap(
                        from.getConfigMapKeyRef().getName(),
                        from.getConfigMapKeyRef().getOptional(),
                        from.getConfigMapKeyRef().getKey()));
            }
            if (from != null && from.getSecretKeyRef() != null) {
                refs.add(Reference.secret(
                        from.getSecretKeyRef().getName(),
                        from.getSecretKeyRef().getOptional(),
                        from.getSecretKeyRef().getKey()));
            }
        }
        return firstProblem(ns, refs);
    }

    /** The kubelet's words for the first reference that cannot be resolved; an optional one never blocks. */
    private Optional<String> firstProblem(String ns, List<Reference> refs) {
        for (Reference ref : refs) {
            if (ref.optional()) {
                continue;
            }
            String storeKey = ns + "/" + ref.name();
            if (ref.secret()) {
                Secret secret = secrets.getStore().getByKey(storeKey);
                if (secret == null) {
                    return Optional.of("secret \"" + ref.name() + "\" not found");
                }
                if (ref.key() != null && !has(secret.getData(), ref.key()) && !has(secret.getStringData(), ref.key())) {
                    return Optional.of("couldn't find key " + ref.key() + " in Secret " + storeKey);
                }
            } else {
                ConfigMap cm = configMaps.getStore().getByKey(storeKey);
                if (cm == null) {
                    return Optional.of("configmap \"" + ref.name() + "\" not found");
                }
                if (ref.key() != null && !has(cm.getData(), ref.key()) && !has(cm.getBinaryData(), ref.key())) {
                    return Optional.of("couldn't find key " + ref.key() + " in ConfigMap " + storeKey);
                }
            }
        }
        return Optional.empty();
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
