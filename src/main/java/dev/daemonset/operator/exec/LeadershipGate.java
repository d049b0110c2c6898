package dev.daemonset.operator.exec;

import java.util.function.BooleanSupplier;

/**
 * Open while this instance may write to the cluster. Every write path checks it immediately before
 * the request, so a replica that has lost its lease stops writing even in the middle of a sync; a
 * gate never reopens once closed, so a sync left over from an earlier term cannot write after the
 * instance leads again.
 *
 * <p>A gate of a leader-elected term is also fenced by time: it lets a write through only while the
 * lease was renewed recently enough ({@code RenewalFence}), whatever the elector's thread is doing. The
 * elector notices a failed renewal only between attempts, and a renewal that hangs would otherwise leave
 * this instance writing after a standby has taken over.
 */
public final class LeadershipGate {
  private final BooleanSupplier fence;
  private volatile boolean open = true;

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

  public void close() {
    open = false;
  }

  /** Throws if the gate is closed; {@code write} names the write for the error message. */
  public void requireOpen(String write) {
    if (!open) {
      throw new LeadershipLostException(write);
    }
    if (!fence.getAsBoolean()) {
      throw new LeadershipLostException(write + " (the lease was not renewed in time)");
    }
  }
}
