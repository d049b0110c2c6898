package dev.daemonset.operator.controller;

import dev.daemonset.operator.queue.KeyHandler;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a sync run only while every informer is watching the API server. While a watch is down (the API
 * server restarting or unreachable) the caches may lack the operator's own last writes: a create the
 * server committed but never answered shows up only once the informer has listed or watched again. The
 * expectations that would cover it do not outlast a long outage: a write of unknown outcome is awaited
 * for the settle period only, and a new leader term starts without any. Planning from such a cache puts a
 * second pod on the node; so a sync waits, and comes back every {@link #RECHECK}, until the caches are
 * current again.
 *
 * <p>An informer watching again has either listed afresh (its cache is current) or resumed its watch from
 * the last version it saw (the changes it missed arrive just after); so once every informer watches again
 * the gate waits {@link #CATCH_UP} more before it lets a sync plan. A gate that never saw a watch down lets
 * syncs through at once.
 */
final class CacheWatchGate implements KeyHandler<DaemonSetKey> {
    private static final Logger LOG = LoggerFactory.getLogger(CacheWatchGate.class);
    static final Duration RECHECK = Duration.ofMillis(500);
    static final Duration CATCH_UP = Duration.ofMillis(500);

    private enum State {
        CURRENT,
        WATCH_DOWN,
        CATCHING_UP
    }

    private final BooleanSupplier watching;
    private final LongSupplier nanoTime;
    private final KeyHandler<DaemonSetKey> sync;
    private State state = State.CURRENT;
    private long watchingAgainAt;

    CacheWatchGate(BooleanSupplier watching, KeyHandler<DaemonSetKey> sync) {
        this(watching, System::nanoTime, sync);
    }

    CacheWatchGate(BooleanSupplier watching, LongSupplier nanoTime, KeyHandler<DaemonSetKey> sync) {
        this.watching = watching;
        this.nanoTime = nanoTime;
        this.sync = sync;
    }

    @Override
    public Duration process(DaemonSetKey key) throws Exception {
        return cachesAreCurrent() ? sync.process(key) : RECHECK;
    }

    private synchronized boolean cachesAreCurrent() {
        long now = nanoTime.getAsLong();
        if (!watching.getAsBoolean()) {
            if (state != State.WATCH_DOWN) {
                LOG.warn("informers are not watching the API server: syncs wait until they watch again");
            }
            state = State.WATCH_DOWN;
            return false;
        }
        switch (state) {
            case WATCH_DOWN -> {
                state = State.CATCHING_UP;
                watchingAgainAt = now;
                return false;
            }
            case CATCHING_UP -> {
                if (now - watchingAgainAt < CATCH_UP.toNanos()) {
                    return false;
                }
                state = State.CURRENT;
                LOG.info("informers are watching again: syncing");
                return true;
            }
            default -> {
                return true;
            }
        }
    }
}
