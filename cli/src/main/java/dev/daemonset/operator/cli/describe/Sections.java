package dev.daemonset.operator.cli.describe;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The pieces kubectl describe prints the same way for every kind: labels, annotations, selectors. */
final class Sections {
    private static final int MAX_ANNOTATION_LENGTH = 140;
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private Sections() {}

    /** {@code Title:\tk=v}, further labels on lines of their own under the first; {@code <none>} when empty. */
    static void labels(TabWriter w, String title, Map<String, String> labels) {
        w.write(title + ":\t");
        if (labels == null || labels.isEmpty()) {
            w.write("<none>\n");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            w.write((first ? "" : "\t") + e.getKey() + "=" + e.getValue() + "\n");
            first = false;
        }
    }

    /** {@code Title:\tk: v}; long or multi-line values under their key; last-applied-configuration left out. */
    static void annotations(TabWriter w, String title, Map<String, String> annotations) {
        w.write(title + ":\t");
        Map<String, String> shown = new TreeMap<>(annotations == null ? Map.of() : annotations);
        shown.remove(LAST_APPLIED);
        if (shown.isEmpty()) {
            w.write("<none>\n");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : shown.entrySet()) {
            if (!first) {
                w.write("\t");
            }
            first = false;
            String value = e.getValue() == null
                    ? ""
                    : e.getValue().endsWith("\n")
                            ? e.getValue().substring(0, e.getValue().length() - 1)
                            : e.getValue();
            if (value.length() + e.getKey().length() + 2 > MAX_ANNOTATION_LENGTH || value.contains("\n")) {
                w.write(e.getKey() + ":\n");
                for (String line : value.split("\n", -1)) {
                    w.write("\t  " + shorten(line, MAX_ANNOTATION_LENGTH - 2) + "\n");
                }
            } else {
                w.write(e.getKey() + ": " + value + "\n");
            }
        }
    }

    /** A label selector as labels.Selector prints it: requirements sorted by key, {@code <none>} when empty. */
    static String selector(LabelSelector selector) {
        if (selector == null) {
            return "<none>";
        }
        List<String[]> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> requirements.add(new String[] {k, k + "=" + v}));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String values = r.getValues() == null
                        ? ""
                        : r.getValues().stream().sorted().collect(Collectors.joining(","));
                String text = switch (r.getOperator()) {
                    case "In" -> r.getKey() + " in (" + values + ")";
                    case "NotIn" -> r.getKey() + " notin (" + values + ")";
                    case "Exists" -> r.getKey();
                    case "DoesNotExist" -> "!" + r.getKey();
                    default -> r.getKey() + " " + r.getOperator() + " (" + values + ")";
                };
                requirements.add(new String[] {r.getKey(), text});
            }
        }
        if (requirements.isEmpty()) {
            return "<none>";
        }
        requirements.sort(java.util.Comparator.comparing(r -> r[0]));
        return requirements.stream().map(r -> r[1]).collect(Collectors.joining(","));
    }

    /** labels.FormatLabels: {@code k=v,k2=v2} sorted, {@code <none>} when empty. */
    static String formatLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "<none>";
        }
        return new TreeMap<>(labels)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
