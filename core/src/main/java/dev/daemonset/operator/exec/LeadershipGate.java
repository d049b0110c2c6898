package dev.daemonset.operator.exec;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Open while this instance may write to the cluster. Every write goes through {@link #write}, which
 * checks the gate immediately before the request, so a replica that has lost its lease stops writing
 * even in the middle of a sync; a gate never reopens once closed, so a sync left over from an earlier
 * term cannot write after the instance leads again.
 *
 * <p>A gate of a leader-elected term is also fenced by time: it lets a write through only while the
 * lease was renewed recently enough ({@code RenewalFence}), whatever the elector's thread is doing. The
 * elector notices a failed renewal only between attempts, and a renewal that hangs would otherwise leave
 * this instance writing after a standby has taken over.
 *
 * <p>The gate counts the writes it let through that have not finished, so that a leader stepping down
 * can wait for them before it releases its lease: a write admitted just before the gate closed may
 * still be on its way, and a standby that took the released lease at once could be overtaken by it.
 */
public final class LeadershipGate {
    private final BooleanSupplier fence;
    private final Object lock = new Object();
    private volatile boolean open = true;
    private int inFlight;

    /** A gate that is open until {@link #close} is called. */
    public static LeadershipGate opened() {
        return new LeadershipGate(() -> true);
    }

    /** A gate that is open until {@link #close} is called, and only while {@code fence} says so. */
    public static LeadershipGate fencedBy(BooleanSupplier fence) {
        return new LeadershipGate(fence);
    }

    private LeadershipGate(BooleanSupplier fence) {
        this.fence = fence;
    }

    public boolean isOpen() {
        return open && fence.getAsBoolean();
    }

    /** Lets no write through from now on; writes already let through go on (see {@link #awaitWritesDone}). */
    public void close() {
        open = false;
    }

    /**
     * Runs {@code write} if the gate is open, counted as in flight until it returns.
     *
     * @param what names the write for the error message
     * @throws LeadershipLostException without running it if the gate is closed
     */
    public <T> T write(String what, Supplier<T> write) {
        synchronized (lock) {
            requireOpen(what);
            inFlight++;
        }
        try {
            return write.get();
        } finally {
            synchronized (lock) {
                if (--inFlight == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** As {@link #write(String, Supplier)}, for a write without a result. */
    public void write(String what, Runnable write) {
        write(what, () -> {
            write.run();
            return null;
        });
    }

    /** Writes let through that have not returned yet. */
    public int writesInFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /**
     * Waits until every write let through has returned, for at most {@code timeout}.
     *
     * @return whether none is left in flight
     */
    public boolean awaitWritesDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void requireOpen(String write) {
        if (!open) {
            throw new LeadershipLostException(write);
        }
        if (!fence.getAsBoolean()) {
            throw new LeadershipLostException(write + " (the lease was not renewed in time)");
        }
    }
}
