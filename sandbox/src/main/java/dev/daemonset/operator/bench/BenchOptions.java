package dev.daemonset.operator.bench;

/**
 * What to run.
 *
 * @param nodes N, the worker nodes of the cluster (a tenth of them for the small-cluster sync time)
 * @param daemonSets D, the DaemonSets converged on every node for the steady-state figures
 * @param appPodsPerNode ordinary application pods on every node (not the operator's, but in its cache)
 *     for the footprint figures
 */
public record BenchOptions(int nodes, int daemonSets, int appPodsPerNode) {
    public static final int DEFAULT_NODES = 5000;
    public static final int DEFAULT_DAEMONSETS = 10;
    /**
     * A real cluster runs ten or more application pods per node. With the D = 10 daemon pods, 20 make the
     * 30 pods per node (150,000 at 5,000 nodes) that the shipped Deployment is sized for: the default run
     * checks that size itself rather than extrapolating to it.
     */
    public static final int DEFAULT_APP_PODS_PER_NODE = 20;

    public BenchOptions {
        if (nodes < 10) {
            throw new IllegalArgumentException(
                    "nodes must be at least 10 (a tenth of them is measured too), got " + nodes);
        }
        if (daemonSets < 1) {
            throw new IllegalArgumentException("daemonsets must be at least 1, got " + daemonSets);
        }
        if (appPodsPerNode < 0) {
            throw new IllegalArgumentException("app-pods-per-node must be 0 or more, got " + appPodsPerNode);
        }
    }

    public BenchOptions(int nodes, int daemonSets) {
        this(nodes, daemonSets, DEFAULT_APP_PODS_PER_NODE);
    }

    int tenth() {
        return nodes / 10;
    }
}
