package dev.daemonset.operator.cli.drain;

import dev.daemonset.operator.cli.KubeconfigOption;
import dev.daemonset.operator.cli.rollout.ApiErrors;
import dev.daemonset.operator.cli.rollout.CommandFailure;
import dev.daemonset.operator.cli.rollout.GoDuration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "drain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Drain NODE in preparation for maintenance, as kubectl drain does: cordon it (spec.unschedulable), then evict "
                    + "every pod on it through the Eviction API, so that PodDisruptionBudgets hold, and wait until the "
                    + "evicted pods are gone.",
            "Daemon pods are left where they are, whatever the flags: those of daemonset.dev DaemonSets (by their "
                    + "controller, or the label daemonset.dev/daemon-pod=true) and of apps/v1 DaemonSets; their "
                    + "DaemonSet would only put them back. Mirror pods are left too.",
            "Refused, as kubectl refuses them, unless a flag allows it: pods with emptyDir volumes "
                    + "(--delete-emptydir-data) and pods no controller manages (--force). Nothing is evicted then.",
            "An eviction a PodDisruptionBudget refuses (429) is retried every 5s until --timeout.",
            "Exit status: 0 when the node is drained, 1 on an error or timeout, 2 for bad usage.",
            "See docs/drain.md for plain kubectl drain and our pods."
        })
public final class DrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE", description = "The node to drain.")
    String node;

    @Option(names = "--force", description = "Also evict pods that declare no controller.")
    boolean force;

    @Option(
            names = "--delete-emptydir-data",
            description = "Also evict pods with emptyDir volumes (their data is deleted with them).")
    boolean deleteEmptyDirData;

    @Option(names = "--ignore-daemonsets", description = "Accepted as kubectl takes it; daemon pods are always left.")
    boolean ignoreDaemonSets;

    @Option(
            names = "--grace-period",
            paramLabel = "SECONDS",
            defaultValue = "-1",
            description =
                    "Seconds each pod is given to terminate; negative: the pod's own (default: ${DEFAULT-VALUE}).")
    int gracePeriodSeconds;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "0s",
            description =
                    "How long to wait before giving up, e.g. 30s, 5m; 0 waits forever (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--pod-selector",
            paramLabel = "SELECTOR",
            description = "Label selector: drain only the pods it selects.")
    String podSelector;

    @Option(
            names = "--dry-run",
            paramLabel = "none|client|server",
            defaultValue = "none",
            arity = "0..1",
            fallbackValue = "client",
            description = "client: print what would be evicted; server: send the requests as dry runs; none: drain "
                    + "(default: ${DEFAULT-VALUE}).")
    DryRun dryRun;

    @Mixin
    KubeconfigOption kube;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Duration wait = GoDuration.parse(timeout);
            Drainer.Options options = new Drainer.Options(
                    new DrainPlanner.Rules(force, deleteEmptyDirData), wait, gracePeriodSeconds, dryRun, podSelector);
            try (KubernetesClient client = kube.client()) {
                try {
                    return new Drainer(
                                    new EvictionClient(client, dryRun),
                                    options,
                                    out,
                                    err,
                                    Clock.systemUTC(),
                                    d -> Thread.sleep(d.toMillis()))
                            .drain(node);
                } catch (KubernetesClientException e) {
                    throw ApiErrors.describe(e, client.getMasterUrl());
                }
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
}
