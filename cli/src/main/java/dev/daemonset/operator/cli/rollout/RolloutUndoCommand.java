package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undo", description = "Roll back to a previous revision: restores that revision's pod template.")
final class RolloutUndoCommand extends RolloutSubcommand {
    @Option(
            names = "--to-revision",
            defaultValue = "0",
            paramLabel = "N",
            description = "The revision to roll back to (default: 0, the previous revision).")
    long toRevision;

    @Override
    int run(DaemonSetClient daemonSet, PrintWriter out) {
        DaemonSet ds = daemonSet.get();
        RevisionHistory history = RevisionHistory.of(daemonSet.revisions(ds));
        String updateRevision = ds.getStatus() == null ? null : ds.getStatus().getUpdateRevision();
        Revision target = history.rollbackTarget(toRevision, ds.getSpec().getTemplate(), updateRevision);
        PodTemplateSpec template = target.requireTemplate();
        String qualified = DaemonSetNames.qualified(daemonSet.name());
        if (PodTemplates.same(template, ds.getSpec().getTemplate())) {
            out.println(qualified + " skipped rollback (current template already matches revision " + target.number()
                    + ")");
            return OK;
        }
        daemonSet.replaceTemplate(template);
        out.println(qualified + " rolled back");
        return OK;
    }
}
