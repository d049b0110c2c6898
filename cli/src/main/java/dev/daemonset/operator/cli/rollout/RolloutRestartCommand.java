package dev.daemonset.operator.cli.rollout;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
        name = "restart",
        description = {
            "Restart every daemon pod through a rollout.",
            "Stamps the pod template with kubectl.kubernetes.io/restartedAt, which changes the template and so starts "
                    + "a rolling update that respects maxUnavailable, partition and pause."
        })
final class RolloutRestartCommand extends RolloutSubcommand {
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    @Override
    int run(DaemonSetClient daemonSet, PrintWriter out) {
        daemonSet.get();
        // RFC 3339 in local time with offset, as kubectl's time.Now().Format(time.RFC3339)
        String now =
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        daemonSet.mergePatch(Map.of(
                "spec", Map.of("template", Map.of("metadata", Map.of("annotations", Map.of(RESTARTED_AT, now))))));
        out.println(DaemonSetNames.qualified(daemonSet.name()) + " restarted");
        return OK;
    }
}
