package dev.daemonset.operator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections: what is reachable, not what happens to be allocated. */
final class HeapProbe {
  private static final int COLLECTIONS = 4;

  private HeapProbe() {}

  /** The lowest reading over a few collections: a single System.gc() may leave garbage behind. */
  static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < COLLECTIONS; i++) {
      System.gc();
      Thread.sleep(200);
      lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
    }
    return lowest;
  }
}
