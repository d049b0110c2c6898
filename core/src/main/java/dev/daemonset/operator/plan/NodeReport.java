package dev.daemonset.operator.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One node as {@code explain} shows it: the controller's verdict, why, the daemon pods there and what happens next.
 *
 * @param node    the node's name
 * @param verdict whether the DaemonSet runs there
 * @param reasons why the node is not eligible ({@link Eligibility#reasons()}); empty for {@link Verdict#RUN}
 * @param pods    the DaemonSet's pods meant for the node, the one the controller keeps first
 * @param notes   what the controller does or waits for on this node: why there is no pod yet, an old revision...
 */
public record NodeReport(String node, Verdict verdict, List<String> reasons, List<PodReport> pods, List<String> notes) {

    public NodeReport {
        reasons = List.copyOf(reasons);
        pods = List.copyOf(pods);
        notes = List.copyOf(notes);
    }

    /** The same row with each pod replaced by {@code change}'s result. */
    public NodeReport withPods(UnaryOperator<PodReport> change) {
        return new NodeReport(node, verdict, reasons, pods.stream().map(change).toList(), notes);
    }

    /** The verdict, spelled as the JSON output spells it. */
    public enum Verdict {
        /** The node should run a daemon pod. */
        RUN("run"),
        /** No new pod is placed here (an untolerated NoSchedule taint), but a pod already running stays. */
        KEEP_EXISTING("keep-existing"),
        /** The node is not for this DaemonSet: no pod, and a pod already there is deleted. */
        EXCLUDED("excluded"),
        /** Daemon pods are meant for a node that does not exist (any more). */
        NO_SUCH_NODE("no-such-node"),
        /** The spec has no pod template, so eligibility cannot be evaluated. */
        UNKNOWN("unknown");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }

        static Verdict of(Eligibility e) {
            if (e.shouldRun()) {
                return RUN;
            }
            return e.shouldContinueRunning() ? KEEP_EXISTING : EXCLUDED;
        }
    }

    /** Every line that explains this node: the eligibility reasons, then the notes. */
    public List<String> explanation() {
        List<String> all = new ArrayList<>(reasons.size() + notes.size());
        all.addAll(reasons);
        all.addAll(notes);
        return all;
    }
}
