package dev.daemonset.operator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/** Heap in use after full collections: what is reachable, not what happens to be allocated. */
final class HeapProbe {
    private static final int COLLECTIONS = 4;

    private HeapProbe() {}

    /**
     * With {@code -Dbench.histograms=DIR}, writes the class histogram of the live heap to
     * {@code DIR/NAME.txt}: where the bytes per pod go.
     */
    static void histogram(String name) {
        String dir = System.getProperty("bench.histograms");
        if (dir == null) {
            return;
        }
        try {
            ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
            String text = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(diagnostics, "gcClassHistogram", new Object[] {new String[0]}, new String[] {
                        String[].class.getName()
                    });
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, name + ".txt"), text);
        } catch (Exception e) {
            throw new IllegalStateException("class histogram failed: " + e.getMessage(), e);
        }
    }

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
