package dev.daemonset.operator.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"daemonset-operator " + (v == null ? "dev" : v)};
    }
}
