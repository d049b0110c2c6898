package dev.daemonset.operator.bench;

/**
 * What to run.
 *
 * @param nodes N, the worker nodes of the cluster (a tenth of them for the small-cluster sync time)
 * @param daemonSets D, the DaemonSets converged on every node for the steady-state figures
 */
public record BenchOptions(int nodes, int daemonSets) {
    public static final int DEFAULT_NODES = 5000;
    public static final int DEFAULT_DAEMONSETS = 10;

    public BenchOptions {
        if (nodes < 10) {
            throw new IllegalArgumentException(
                    "nodes must be at least 10 (a tenth of them is measured too), got " + nodes);
        }
        if (daemonSets < 1) {
            throw new IllegalArgumentException("daemonsets must be at least 1, got " + daemonSets);
        }
    }

    int tenth() {
        return nodes / 10;
    }
}
