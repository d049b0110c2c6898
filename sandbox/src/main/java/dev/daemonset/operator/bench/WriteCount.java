package dev.daemonset.operator.bench;

import java.util.EnumMap;
import java.util.Map;

/** Writes counted up to a moment, by kind; subtract two to get the writes of a phase. */
record WriteCount(Map<WriteKind, Long> byKind) {
    WriteCount {
        byKind = Map.copyOf(byKind);
    }

    long of(WriteKind kind) {
        return byKind.getOrDefault(kind, 0L);
    }

    /** What the write amplification counts: pods created, pods deleted, status updates. */
    long podAndStatusWrites() {
        return of(WriteKind.POD_CREATE) + of(WriteKind.POD_DELETE) + of(WriteKind.DAEMONSET_STATUS);
    }

    long total() {
        return byKind.values().stream().mapToLong(Long::longValue).sum();
    }

    WriteCount minus(WriteCount earlier) {
        Map<WriteKind, Long> out = new EnumMap<>(WriteKind.class);
        for (WriteKind k : WriteKind.values()) {
            out.put(k, of(k) - earlier.of(k));
        }
        return new WriteCount(out);
    }
}
