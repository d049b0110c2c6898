package dev.daemonset.operator.controller;

import dev.daemonset.operator.queue.KeyHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a sync run only while every informer is watching the API server. While a watch is down (the API
 * server restarting or unreachable) the caches may lack the operator's own last writes: a create the
 * server committed but never answered shows up only once the informer has listed or watched again. The
 * expectations that would cover it do not outlast a long outage: a write of unknown outcome is awaited
 * for the settle period only, and a new leader term starts without any. Planning from such a cache puts a
 * second pod on the node; so a sync waits, and comes back every {@link #RECHECK}, until the informers
 * (which list again before they watch again) are current.
 */
final class CacheWatchGate implements KeyHandler<DaemonSetKey> {
  private static final Logger LOG = LoggerFactory.getLogger(CacheWatchGate.class);
  static final Duration RECHECK = Duration.ofMillis(500);

  private final BooleanSupplier watching;
  private final KeyHandler<DaemonSetKey> sync;
  private final AtomicBoolean waiting = new AtomicBoolean();

  CacheWatchGate(BooleanSupplier watching, KeyHandler<DaemonSetKey> sync) {
    this.watching = watching;
    this.sync = sync;
  }

  @Override
  public Duration process(DaemonSetKey key) throws Exception {
    if (!watching.getAsBoolean()) {
      if (waiting.compareAndSet(false, true)) {
        LOG.warn("informers are not watching the API server: syncs wait until they have listed and watch again");
      }
      return RECHECK;
    }
    if (waiting.compareAndSet(true, false)) {
      LOG.info("informers are watching again: syncing");
    }
    return sync.process(key);
  }
}
