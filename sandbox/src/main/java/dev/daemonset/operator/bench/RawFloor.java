package dev.daemonset.operator.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * T_raw: the fastest the server took N raw creates, over several parallelisms. Timing them at the
 * operator's own parallelism only would measure the operator against itself; the fastest is what the
 * server allows.
 *
 * @param parallelism the requests in flight that gave the fastest time
 * @param time the wall time of the N creates at that parallelism
 */
record RawFloor(int parallelism, Duration time) {

    /**
     * Powers of two from a quarter of the operator's parallelism up to twice it, with the operator's own
     * and twice it: the floor is looked for on both sides of what the operator uses. Fewer in flight than
     * that were never the fastest (at 5,000 nodes, 1 and 2 in flight took 8 and 3.5 times as long as 16)
     * and cost a 5,000-pod round of creates, readiness and deletes each.
     */
    static int[] parallelisms(int writeParallelism) {
        if (writeParallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + writeParallelism);
        }
        TreeSet<Integer> out = new TreeSet<>();
        int lowest = Integer.highestOneBit(Math.max(1, writeParallelism / 4));
        for (int p = lowest; p <= 2 * writeParallelism; p *= 2) {
            out.add(p);
        }
        out.add(writeParallelism);
        out.add(2 * writeParallelism);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The fastest of the times; of equal ones, the lowest parallelism's, since fewer in flight did as well. */
    static RawFloor fastest(Map<Integer, Duration> byParallelism) {
        RawFloor best = null;
        for (Map.Entry<Integer, Duration> e : byParallelism.entrySet()) {
            int comparison = best == null ? -1 : e.getValue().compareTo(best.time());
            if (comparison < 0 || (comparison == 0 && e.getKey() < best.parallelism())) {
                best = new RawFloor(e.getKey(), e.getValue());
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no raw timings");
        }
        return best;
    }
}
