package dev.daemonset.operator.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * client-go's event aggregation: events of one object with the same type and reason but different
 * messages ("Created pod: a", "Created pod: b", ...) are written one by one only up to
 * {@link #MAX_DISTINCT} messages within {@link #WINDOW}; after that they are folded into one combined
 * event whose count grows. Without it, creating 5,000 pods writes 5,000 events beside them and doubles
 * the API writes of a rollout. Not thread-safe: the recorder uses it from its one writer thread.
 */
final class SimilarEvents {
    static final int MAX_DISTINCT = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final String COMBINED_PREFIX = "(combined from similar events): ";
    private static final int MAX_REMEMBERED = 4096;

    private static final class Group {
        final Set<String> messages = new HashSet<>();
        Instant since;

        Group(Instant since) {
            this.since = since;
        }
    }

    private final Map<String, Group> groups = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Group> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** Drops the groups {@code keep} rejects. */
    void retain(Predicate<String> keep) {
        groups.keySet().removeIf(keep.negate());
    }

    int size() {
        return groups.size();
    }

    /** The groups held, as of now. */
    Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    /**
     * Whether this event goes into its group's combined event. A message seen before is not combined:
     * a repeat bumps the count of its own event.
     */
    boolean combine(String group, String message, Instant now) {
        Group g = groups.computeIfAbsent(group, k -> new Group(now));
        if (now.isAfter(g.since.plus(WINDOW))) {
            g.messages.clear();
            g.since = now;
        }
        if (g.messages.contains(message)) {
            return false;
        }
        if (g.messages.size() < MAX_DISTINCT) {
            g.messages.add(message);
            return false;
        }
        return true;
    }
}
