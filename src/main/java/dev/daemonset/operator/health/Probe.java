package dev.daemonset.operator.health;

/** One health check: {@code null} when fine, else why not, for the probe's response body. */
@FunctionalInterface
public interface Probe {
  String problem();
}
