/**
 * The simulated cluster components, each a small controller over fabric8 informers (or, for the
 * garbage collector and the disruption controller, over the store's change feed):
 * {@link dev.daemonset.operator.sandbox.sim.Scheduler}, {@link dev.daemonset.operator.sandbox.sim.Kubelet},
 * {@link dev.daemonset.operator.sandbox.sim.NodeLifecycle},
 * {@link dev.daemonset.operator.sandbox.sim.DisruptionController},
 * {@link dev.daemonset.operator.sandbox.sim.GarbageCollector}; {@link dev.daemonset.operator.sandbox.sim.SimNodes}
 * describes the nodes.
 */
package dev.daemonset.operator.sandbox.sim;
