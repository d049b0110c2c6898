package dev.daemonset.operator.cli;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.cli.rollout.ApiErrors;
import dev.daemonset.operator.cli.rollout.CommandFailure;
import dev.daemonset.operator.cli.rollout.ConcurrentReads;
import dev.daemonset.operator.cli.rollout.ConcurrentReads.Pending;
import dev.daemonset.operator.cli.rollout.ControllerRefs;
import dev.daemonset.operator.cli.rollout.ModelLists;
import dev.daemonset.operator.cli.rollout.StoredDaemonSets;
import dev.daemonset.operator.controller.LastValidRevision;
import dev.daemonset.operator.controller.UnreadableDaemonSet;
import dev.daemonset.operator.plan.DaemonSetReport;
import dev.daemonset.operator.plan.ExplainPlanner;
import dev.daemonset.operator.plan.RevisionInfo;
import dev.daemonset.operator.plan.Violation;
import dev.daemonset.operator.pods.Revisions;
import dev.daemonset.operator.pods.TemplateEquivalence;
import dev.daemonset.operator.pods.TemplateHasher;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "For every node: whether DaemonSet NAME should run there and, if not, why (the nodeSelector label, node "
                    + "affinity term or untolerated taint); which pod runs there, its revision and readiness; and why an "
                    + "eligible node has no pod (create pending, not schedulable, image pull failing...).",
            "The verdicts come from the same eligibility function the controller uses. Read-only: nothing is changed.",
            "Exit status: 0 when the report was printed, 1 when the DaemonSet or the --node is not found or the API "
                    + "server cannot be read, 2 for bad usage."
        },
        footer = {
            "",
            "JSON output (-o json) is one object. Its keys are stable and always present",
            "(null when unknown), except inside conditions[]:",
            "  namespace, name, generation, observedGeneration",
            "  strategy         RollingUpdate | OnDelete",
            "  updateRevision   controller-revision-hash of the current template",
            "  valid            false: the spec is invalid; nothing is rolled out, the last valid revision is served",
            "  violations[]     {field, message}: why the spec is invalid",
            "  problems[]       DaemonSet-wide explanations (invalid spec, being deleted,",
            "                   controller behind the spec)",
            "  conditions[]     status.conditions as written {type, status, reason,",
            "                   message, lastTransitionTime}",
            "  counts           {desired, current, ready, upToDate, available,",
            "                   misscheduled}, computed now as the controller does",
            "  nodes[]          one per node by name, then nodes that pods name but",
            "                   that do not exist:",
            "    node           the node's name",
            "    verdict        run | keep-existing | excluded | no-such-node | unknown",
            "                   keep-existing: an untolerated NoSchedule taint, so no new",
            "                   pod, but a running one stays; excluded: no pod, and a",
            "                   running one is deleted",
            "    reasons[]      why the node is not eligible",
            "    pods[]         {name, phase, ready, available, revision, updated,",
            "                   scheduled, deleting, problem}; the pod the controller",
            "                   keeps comes first",
            "    notes[]        what happens next on the node (create pending, old",
            "                   revision replaced by the rolling update...)"
        })
final class ExplainCommand implements Callable<Integer> {

    /** Output formats besides the default table. */
    enum Format {
        json
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The DaemonSet (daemonsets.daemonset.dev) to explain.")
    String name;

    @Mixin
    NamespaceOption namespace;

    @Option(names = "--node", paramLabel = "NODE", description = "Explain only this node.")
    String node;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: a table for humans).")
    Format output;

    @Mixin
    KubeconfigOption kube;

    @Spec
    CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = kube.client();
                ConcurrentReads reads = new ConcurrentReads(3)) {
            try {
                String ns = namespace.resolve(client);
                Pending<List<Node>> allNodes = reads.start(() -> ModelLists.nodes(client));
                Pending<List<Pod>> namespacePods = reads.start(() -> ModelLists.pods(client, ns));
                Pending<List<ControllerRevision>> namespaceRevisions =
                        reads.start(() -> ModelLists.revisions(client, ns));
                DaemonSet ds = StoredDaemonSets.read(client, ns, name);
                List<Violation> unreadable = ds instanceof UnreadableDaemonSet u ? u.problems() : List.of();
                List<Node> nodes = allNodes.join();
                if (node != null
                        && nodes.stream()
                                .noneMatch(n -> node.equals(n.getMetadata().getName()))) {
                    throw CommandFailure.fromServer("NotFound", "nodes \"" + node + "\" not found");
                }
                // one namespaced list filtered here: server-side label selection is not relied on (and the
                // DaemonSet's own selector may be the very thing that is broken)
                List<Pod> controlled = namespacePods.join().stream()
                        .filter(p ->
                                ControllerRefs.controlledBy(p, ds.getMetadata().getUid()))
                        .toList();
                List<ControllerRevision> revisions = namespaceRevisions.join().stream()
                        .filter(r ->
                                ControllerRefs.controlledBy(r, ds.getMetadata().getUid()))
                        .toList();
                DaemonSetReport report = ExplainPlanner.explain(new ExplainPlanner.Input(
                        ds,
                        updateHash(ds, revisions),
                        nodes,
                        controlled,
                        clock.instant(),
                        served(revisions),
                        unreadable));
                if (node != null) {
                    report = report.forNode(node);
                }
                if (report.hasPodProblems()) {
                    PodWarnings warnings = podWarnings(client, ns);
                    report = report.withPods(warnings::annotate);
                }
                out.print(output == Format.json ? ExplainJson.render(report) : ExplainTable.render(report));
                out.flush();
                return 0;
            } catch (KubernetesClientException e) {
                throw ApiErrors.describe(e, client.getMasterUrl());
            }
        } catch (CommandFailure e) {
            err.println(e.line());
            return 1;
        } catch (KubernetesClientException e) {
            // before any request: the kubeconfig's client could not be built
            err.println("error: " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage() + ": " + describe(e.getCause()));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Only read when a pod has a problem. Events are a help, not the answer: one who may not list them (or a
     * server that refuses the field selector) gets the report without them.
     */
    private static PodWarnings podWarnings(KubernetesClient client, String ns) {
        try {
            return new PodWarnings(ModelLists.podWarnings(client, ns));
        } catch (KubernetesClientException e) {
            return new PodWarnings(List.of());
        }
    }

    /** java.nio's exceptions carry only the path as their message. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }

    /** What the controller serves should the spec be invalid: its last valid revision, as the controller finds it. */
    private static ExplainPlanner.Served served(List<ControllerRevision> owned) {
        LastValidRevision last = LastValidRevision.of(owned);
        return last == null ? null : new ExplainPlanner.Served(last.hash(), last.template());
    }

    /**
     * The revision the controller stamps on new pods: that of the revision the template is the same
     * template as (see {@link TemplateEquivalence}), else the template hashed with status.collisionCount.
     */
    private static String updateHash(DaemonSet ds, List<ControllerRevision> owned) {
        PodTemplateSpec template = ds.getSpec() == null ? null : ds.getSpec().getTemplate();
        if (template == null) {
            return null;
        }
        String key = TemplateEquivalence.key(template);
        return owned.stream()
                .map(Revisions::info)
                .filter(r -> r.templateKey().equals(key))
                .max(java.util.Comparator.comparingLong(RevisionInfo::revision))
                .map(RevisionInfo::hash)
                .orElseGet(() -> TemplateHasher.hash(
                        template, ds.getStatus() == null ? null : ds.getStatus().getCollisionCount()));
    }
}
