/**
 * A rate-limited, delaying work queue of keys and the worker threads that drain it, modelled on
 * client-go's {@code workqueue}.
 *
 * <p>The queue hands a key to at most one worker at a time, collapses repeated adds of a waiting key
 * into one, and serves distinct keys in FIFO order. Failed keys come back after a per-key
 * exponential backoff ({@link dev.daemonset.operator.queue.WorkQueue#addRateLimited}); handlers may
 * also ask for a plain delayed re-run ({@link dev.daemonset.operator.queue.KeyHandler}).
 */
package dev.daemonset.operator.queue;
