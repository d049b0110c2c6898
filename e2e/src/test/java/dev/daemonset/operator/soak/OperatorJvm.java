package dev.daemonset.operator.soak;

import dev.daemonset.operator.bench.Jcmd;
import dev.daemonset.operator.testing.OperatorProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operator as it ships ({@code run} in a JVM of its own, with the heap the Deployment gives it) and
 * what can be read from outside: its state sizes and per-DaemonSet series from {@code /metrics}, and its
 * heap after a full collection.
 */
final class OperatorJvm implements AutoCloseable {
    /** deploy/02-deployment.yaml: a 768Mi limit, of which MaxRAMPercentage=70 is heap. */
    static final List<String> DEPLOYMENT_HEAP = List.of("-Xmx537m", "-XX:+ExitOnOutOfMemoryError");

    private static final Pattern STATE =
            Pattern.compile("^dds_state_entries\\{state=\"([^\"]+)\"} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern HEAP_USED =
            Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern LEADER = Pattern.compile("^dds_leader (\\S+)$", Pattern.MULTILINE);
    private static final Pattern POD_CREATES =
            Pattern.compile("^dds_pod_creates_total\\{result=\"success\"} (\\S+)$", Pattern.MULTILINE);

    final String name;
    private final OperatorProcess process;

    private OperatorJvm(String name, OperatorProcess process) {
        this.name = name;
        this.process = process;
    }

    static OperatorJvm start(String name, Path kubeconfig, Path logDir) {
        return new OperatorJvm(name, OperatorProcess.start(kubeconfig, logDir, DEPLOYMENT_HEAP));
    }

    boolean isLeading() {
        return number(LEADER, process.metrics()) == 1;
    }

    /** Entries per holder, as {@code dds_state_entries} reports them. */
    Map<String, Integer> stateSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        Matcher m = STATE.matcher(process.metrics());
        while (m.find()) {
            sizes.put(m.group(1), (int) Double.parseDouble(m.group(2)));
        }
        return sizes;
    }

    /** Series lines labelled with a DaemonSet whose name starts with {@code prefix}. */
    List<String> seriesOf(String prefix) {
        return process.metrics()
                .lines()
                .filter(l -> !l.startsWith("#") && l.contains("daemonset=\"" + prefix))
                .toList();
    }

    long podsCreated() {
        return (long) number(POD_CREATES, process.metrics());
    }

    /**
     * The heap in use right after a full collection, in bytes: {@code jcmd PID GC.run} (System.gc(), a
     * full stop-the-world collection under G1), then {@code jvm_memory_used_bytes{area="heap"}} read from
     * the process's own /metrics. The least of three rounds, so that what the process allocated between
     * the collection and the read (a sync, the scrape itself) counts as little as possible.
     */
    long heapAfterFullGc() {
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            jcmd("GC.run");
            least = Math.min(least, (long) number(HEAP_USED, process.metrics()));
        }
        return least;
    }

    String log() {
        return process.log();
    }

    private void jcmd(String command) {
        Jcmd.run(process.pid(), command);
    }

    private static double number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + p.pattern() + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public void close() {
        process.close();
    }
}
