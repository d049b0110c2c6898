/**
 * A Kubernetes cluster in one process, for trying the operator with kubectl and for end-to-end tests.
 *
 * <p>{@link dev.daemonset.operator.sandbox.Sandbox} starts the embedded API server
 * ({@code sandbox.apiserver}: fabric8's CRUD mock behind a wrapping dispatcher that adds what kubectl
 * needs), creates the nodes, starts the simulated components ({@code sandbox.sim}: scheduler, kubelet,
 * node lifecycle, disruption controller, garbage collector) and the operator, optionally kind's addons
 * ({@link Addons}), and writes or merges a kubeconfig ({@link SandboxKubeconfig}). The {@code sandbox}
 * CLI command ({@link SandboxCommand}) runs it until interrupted.
 */
package dev.daemonset.operator.sandbox;
