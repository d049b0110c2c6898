package dev.daemonset.operator.exec;

/**
 * Open while this instance may write to the cluster. Every write path checks it immediately before
 * the request, so a replica that has lost its lease stops writing even in the middle of a sync; a
 * gate never reopens once closed, so a sync left over from an earlier term cannot write after the
 * instance leads again.
 */
public final class LeadershipGate {
  private volatile boolean open = true;

  /** A gate that is open until {@link #close} is called. */
  public static LeadershipGate opened() {
    return new LeadershipGate();
  }

  private LeadershipGate() {}

  public boolean isOpen() {
    return open;
  }

  public void close() {
    open = false;
  }

  /** Throws if the gate is closed; {@code write} names the write for the error message. */
  public void requireOpen(String write) {
    if (!open) {
      throw new LeadershipLostException(write);
    }
  }
}
