package dev.daemonset.operator.cli.describe;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.cli.KubeconfigOption;
import dev.daemonset.operator.cli.NamespaceOption;
import dev.daemonset.operator.cli.rollout.ApiErrors;
import dev.daemonset.operator.cli.rollout.CommandFailure;
import dev.daemonset.operator.cli.rollout.ControllerRefs;
import dev.daemonset.operator.cli.rollout.ModelLists;
import dev.daemonset.operator.cli.rollout.StoredDaemonSets;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Describe DaemonSet NAME as kubectl describe describes an apps/v1 DaemonSet: selectors, counts, pod phases, "
                    + "the pod template (containers, volumes, node selectors, tolerations) and events, plus the rollout "
                    + "conditions the controller writes.",
            "Read-only. Exit status: 0 when described, 1 when not found or the API server cannot be read, 2 for bad usage."
        })
public final class DescribeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The DaemonSet (daemonsets.daemonset.dev).")
    String name;

    @Mixin
    NamespaceOption namespace;

    @Mixin
    KubeconfigOption kube;

    @Spec
    CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = kube.client()) {
            try {
                String ns = namespace.resolve(client);
                DaemonSet ds = StoredDaemonSets.read(client, ns, name);
                String uid = ds.getMetadata().getUid();
                List<Pod> pods = ModelLists.pods(client, ns).stream()
                        .filter(p -> ControllerRefs.controlledBy(p, uid))
                        .toList();
                List<Event> events = client.v1().events().inNamespace(ns).list().getItems().stream()
                        .filter(e -> about(e.getInvolvedObject(), ds))
                        .toList();
                out.print(DaemonSetDescription.render(ds, pods, events, clock.instant()));
                return 0;
            } catch (KubernetesClientException e) {
                throw ApiErrors.describe(e, client.getMasterUrl());
            }
        } catch (CommandFailure e) {
            err.println(e.line());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Events about this DaemonSet: by UID, or by kind and name for events written without one. */
    private static boolean about(ObjectReference ref, DaemonSet ds) {
        if (ref == null) {
            return false;
        }
        if (ref.getUid() != null && !ref.getUid().isEmpty()) {
            return ref.getUid().equals(ds.getMetadata().getUid());
        }
        return DaemonSet.KIND.equals(ref.getKind())
                && ds.getMetadata().getName().equals(ref.getName())
                && (ref.getApiVersion() == null || ref.getApiVersion().startsWith(DaemonSet.GROUP + "/"));
    }
}
