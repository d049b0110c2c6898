package dev.daemonset.operator.api;

/** The apps/v1 update strategies; the enum keeps the CRD schema closed to typos. */
public enum UpdateStrategyType {
    RollingUpdate,
    OnDelete;

    /** The strategy with exactly this name (as the API server compares), or null. */
    public static UpdateStrategyType named(String name) {
        for (UpdateStrategyType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
