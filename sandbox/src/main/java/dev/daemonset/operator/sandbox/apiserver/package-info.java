/**
 * The embedded API server: fabric8's {@code KubernetesCrudDispatcher} as storage
 * ({@link dev.daemonset.operator.sandbox.apiserver.ObjectStore}, with a change feed), the wrapping
 * {@link dev.daemonset.operator.sandbox.apiserver.ApiDispatcher} that fixes what kubectl and clients need,
 * and a Vert.x HTTP front ({@link dev.daemonset.operator.sandbox.apiserver.ApiServer}) that also serves the
 * HTTP-streaming watches the mock cannot ({@link dev.daemonset.operator.sandbox.apiserver.HttpWatchStreams}).
 * Nothing here knows about DaemonSets: the CRD is read from the store like any other.
 */
package dev.daemonset.operator.sandbox.apiserver;
