package dev.daemonset.operator.cli.drain;

/** kubectl's {@code --dry-run}: none changes the cluster; client only prints; server sends dry-run requests. */
enum DryRun {
    none(""),
    client(" (dry run)"),
    server(" (server dry run)");

    private final String suffix;

    DryRun(String suffix) {
        this.suffix = suffix;
    }

    /** What kubectl appends to each line it prints in this mode. */
    String suffix() {
        return suffix;
    }
}
