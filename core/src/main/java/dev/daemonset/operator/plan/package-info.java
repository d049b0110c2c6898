/**
 * Pure planning logic: decisions computed from model objects only.
 *
 * <p>Nothing here talks to the API server, reads files or touches the network; only the
 * {@code io.fabric8.kubernetes.api.model} classes are used, never the client. Inputs (Nodes, PodSpecs)
 * usually come straight from informer caches and are never mutated. {@code PlanPackagePurityTest} enforces
 * the import rules.
 */
package dev.daemonset.operator.plan;
