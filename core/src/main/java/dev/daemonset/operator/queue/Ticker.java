package dev.daemonset.operator.queue;

/**
 * A monotonic nanosecond time source. Delays are measured with this rather than {@link java.time.Clock}
 * so that wall-clock jumps (NTP, suspend) cannot fire or stall delayed keys, and so tests can drive
 * time by hand.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
