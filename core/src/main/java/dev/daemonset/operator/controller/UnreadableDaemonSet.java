package dev.daemonset.operator.controller;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.Violation;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * A stored DaemonSet whose spec does not fit the Java model (a number beyond int32, a list where an
 * object belongs, a string where a boolean belongs). It carries only what could be read, metadata and
 * status, and the reason, so the controller can report it and keep serving its last valid revision
 * while every other DaemonSet goes on being reconciled. Its spec is null.
 */
@Group(DaemonSet.GROUP)
@Version(DaemonSet.VERSION)
@Kind(DaemonSet.KIND)
public final class UnreadableDaemonSet extends DaemonSet {
    private final transient List<Violation> problems;

    UnreadableDaemonSet(List<Violation> problems) {
        this.problems = List.copyOf(problems);
    }

    /** The fields that could not be read, and why; never empty. */
    @JsonIgnore
    public List<Violation> problems() {
        return problems;
    }

    /** For a command line: what cannot be read, and what the operator does meanwhile. */
    public static String describe(String name, UnreadableDaemonSet ds) {
        StringBuilder out = new StringBuilder("daemon set \"" + name + "\" has a spec that cannot be read: ");
        for (int i = 0; i < ds.problems.size(); i++) {
            out.append(i == 0 ? "" : "; ").append(ds.problems.get(i));
        }
        return out.append(
                        " (nothing is rolled out until it is fixed; its last valid revision, if it had one, goes on being served)")
                .toString();
    }
}
