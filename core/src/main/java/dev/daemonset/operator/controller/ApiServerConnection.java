package dev.daemonset.operator.controller;

import dev.daemonset.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator says about its connection to the API server: while start-up waits for the first
 * lists, and when an outage later is long enough to report and when it ends. The informers retry on
 * their own; this only watches them, for the log, the metric and the readiness text.
 */
final class ApiServerConnection {
    /** Under the operator's name: start-up and outage lines are read with its other start-up lines. */
    private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

    private final InformerCache cache;
    private final String masterUrl;
    private final OperatorMetrics metrics;
    private final Disconnection disconnection;
    private final long launchedAt = System.nanoTime();
    /** Touched only by the timer thread that samples. */
    private boolean outageLogged;

    private Duration lastDisconnection = Duration.ZERO;

    ApiServerConnection(InformerCache cache, String masterUrl, OperatorMetrics metrics) {
        this.cache = cache;
        this.masterUrl = masterUrl;
        this.metrics = metrics;
        this.disconnection = new Disconnection(cache::isWatching, System::nanoTime);
    }

    /** How long since the operator was launched: while the caches have not synced, how long it has waited. */
    Duration waited() {
        return Duration.ofNanos(System.nanoTime() - launchedAt);
    }

    void logStillWaiting() {
        String failure = cache.lastFailure();
        LOG.warn(
                "still waiting for the API server at {} after {}: not listed yet: {}; {}",
                masterUrl,
                Elapsed.format(waited()),
                String.join(", ", cache.notSynced()),
                failure == null ? "no answer yet" : "last error: " + failure);
    }

    /** Null once the caches have synced; until then, what start-up waits for, for how long, and the last error. */
    String startupWait() {
        List<String> pending = cache.notSynced();
        if (pending.isEmpty()) {
            return null;
        }
        String failure = cache.lastFailure();
        return "waiting for the API server at " + masterUrl + " for " + Elapsed.format(waited())
                + " (not listed yet: " + String.join(", ", pending) + "; "
                + (failure == null ? "no answer yet" : "last error: " + failure) + ")";
    }

    /** How long at least one informer has had no watch open, zero while all have. */
    Duration disconnectedFor() {
        return disconnection.sample();
    }

    /**
     * Every sample period: the metric, and once start-up is over a log line when an outage is long enough
     * ({@link Operator#OUTAGE_REPORTED_AFTER}) and when it ends.
     */
    void sample(boolean startedUp) {
        Duration down = disconnection.sample();
        metrics.informersDisconnected(down);
        if (!startedUp) {
            return; // start-up logs its own wait
        }
        if (!outageLogged && down.compareTo(Operator.OUTAGE_REPORTED_AFTER) >= 0) {
            outageLogged = true;
            LOG.warn(
                    "no watch on the API server at {} for {} ({} not watched); the caches keep what they last saw "
                            + "and the informers keep retrying",
                    masterUrl,
                    Elapsed.format(down),
                    String.join(", ", cache.notWatching()));
        } else if (outageLogged && down.isZero()) {
            outageLogged = false;
            LOG.info(
                    "every informer is watching the API server again, after {} without a watch",
                    Elapsed.format(lastDisconnection));
        }
        lastDisconnection = down.isZero() ? lastDisconnection : down;
    }
}
