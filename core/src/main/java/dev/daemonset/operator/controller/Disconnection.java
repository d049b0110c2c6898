package dev.daemonset.operator.controller;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * How long the informers have been without a watch on the API server: the sign of an outage that every
 * replica sees, leading or standing by. It starts out disconnected (nothing is watched before the first
 * list) and is sampled: by the operator every second and by each reader, so a gap shorter than a
 * sample may go unseen. That is enough for what reads it: a metric, a log line and the readiness text.
 */
final class Disconnection {
    private final BooleanSupplier connected;
    private final LongSupplier nanoTime;
    /** When the current disconnection was first seen; meaningless while connected. */
    private long since;

    private boolean down = true;

    Disconnection(BooleanSupplier connected, LongSupplier nanoTime) {
        this.connected = connected;
        this.nanoTime = nanoTime;
        this.since = nanoTime.getAsLong();
    }

    /** Looks again; returns how long the connection has been down, or zero while it is up. */
    synchronized Duration sample() {
        long now = nanoTime.getAsLong();
        if (connected.getAsBoolean()) {
            down = false;
            return Duration.ZERO;
        }
        if (!down) {
            down = true;
            since = now;
        }
        return Duration.ofNanos(now - since);
    }
}
