package dev.daemonset.operator.plan;

import java.util.Comparator;

/**
 * Node names in natural order ({@code worker-2} before {@code worker-10}), so the update order a
 * person reads in {@code kubectl get nodes} is the order the rollout follows.
 */
public final class NodeOrder {
    public static final Comparator<String> NATURAL = NodeOrder::compareNatural;

    private NodeOrder() {}

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int byNumber = compareDigitRuns(a, si, i, b, sj, j);
                if (byNumber != 0) {
                    return byNumber;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int byRest = Integer.compare(a.length() - i, b.length() - j);
        return byRest != 0 ? byRest : a.compareTo(b);
    }

    /**
     * Compares two runs of digits as numbers of any length: leading zeros dropped (one digit kept),
     * then shorter is smaller, then digit by digit. Without allocating: every sync sorts all nodes,
     * some 60,000 comparisons at 5,000 nodes, and a regex per comparison made this most of a sync.
     */
    private static int compareDigitRuns(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        while (aFrom < aTo - 1 && a.charAt(aFrom) == '0') {
            aFrom++;
        }
        while (bFrom < bTo - 1 && b.charAt(bFrom) == '0') {
            bFrom++;
        }
        int byLength = Integer.compare(aTo - aFrom, bTo - bFrom);
        if (byLength != 0) {
            return byLength;
        }
        for (int k = 0; k < aTo - aFrom; k++) {
            int byDigit = Character.compare(a.charAt(aFrom + k), b.charAt(bFrom + k));
            if (byDigit != 0) {
                return byDigit;
            }
        }
        return 0;
    }
}
