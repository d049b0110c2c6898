package dev.daemonset.operator.api;

/** The apps/v1 update strategies; the enum keeps the CRD schema closed to typos. */
public enum UpdateStrategyType {
  RollingUpdate,
  OnDelete
}
