package dev.daemonset.operator.cli.rollout;

import dev.daemonset.operator.api.DaemonSet;
import java.util.Locale;
import java.util.Set;

/** How kubectl names this resource in its output, and the {@code NAME} or {@code TYPE/NAME} argument. */
public final class DaemonSetNames {
    /** kubectl's resource.group spelling, used in errors. */
    public static final String PLURAL = "daemonsets." + DaemonSet.GROUP;
    /** kubectl's kind.group spelling, used in success lines. */
    public static final String SINGULAR = "daemonset." + DaemonSet.GROUP;

    private static final Set<String> TYPE_ALIASES = Set.of("daemonset", "daemonsets", "ds", "dds", SINGULAR, PLURAL);

    private DaemonSetNames() {}

    /** {@code daemonset.daemonset.dev/NAME}, the prefix of kubectl's one-line results. */
    public static String qualified(String name) {
        return SINGULAR + "/" + name;
    }

    /** The DaemonSet name in {@code NAME} or {@code TYPE/NAME} (as kubectl users type it, e.g. {@code ds/agent}). */
    public static String parse(String argument) {
        String arg = argument == null ? "" : argument.trim();
        int slash = arg.indexOf('/');
        String name = arg;
        if (slash >= 0) {
            String type = arg.substring(0, slash);
            name = arg.substring(slash + 1);
            if (!TYPE_ALIASES.contains(type.toLowerCase(Locale.ROOT))) {
                throw CommandFailure.error("rollout here only manages " + PLURAL + ", not \"" + type
                        + "\"; use kubectl rollout for built-in kinds");
            }
        }
        if (name.isEmpty() || name.contains("/")) {
            throw CommandFailure.error("invalid DaemonSet name \"" + argument + "\": expected NAME or daemonset/NAME");
        }
        return name;
    }
}
