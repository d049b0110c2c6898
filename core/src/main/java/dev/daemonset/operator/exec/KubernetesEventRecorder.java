package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.exec.EventObjects.Subject;
import dev.daemonset.operator.plan.PlannedEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events off the sync path, on one thread with a bounded backlog: events are for
 * humans and must never slow or fail a reconcile. A repeat of the same event bumps the count of the
 * existing one instead of creating another, and many similar events (same reason, different
 * messages) fold into one combined event, as client-go's recorder does (see {@link SimilarEvents}).
 */
public final class KubernetesEventRecorder implements EventRecorder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
    private static final int MAX_REMEMBERED = 4096;
    static final Duration COMBINED_UPDATE_INTERVAL = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final Clock clock;
    private final LeadershipGate gate;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            r -> {
                Thread t = new Thread(r, "dds-events");
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.DiscardPolicy());
    private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final SimilarEvents similar = new SimilarEvents();
    private final Map<String, CombinedEvent> combined = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CombinedEvent> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    /** What the three maps above hold in all, as of the writer's last change; read by other threads. */
    private volatile int remembered;
    /** Only hands due flushes to the writer, so all event state stays on the writer thread. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dds-events-timer");
        t.setDaemon(true);
        return t;
    });

    public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
        this(client, clock, LeadershipGate.opened());
    }

    /** Events queued while leading are dropped, not written, once {@code gate} closes. */
    public KubernetesEventRecorder(KubernetesClient client, Clock clock, LeadershipGate gate) {
        this.client = client;
        this.clock = clock;
        this.gate = gate;
    }

    @Override
    public void record(DaemonSet ds, PlannedEvent e) {
        String ns = ds.getMetadata().getNamespace();
        String name = ds.getMetadata().getName();
        String uid = ds.getMetadata().getUid();
        String rv = ds.getMetadata().getResourceVersion();
        writer.execute(() -> write(ns, name, uid, rv, e));
    }

    /** The DaemonSet with this UID is gone: its events are neither bumped nor combined any more. */
    public void forget(String daemonSetUid) {
        String prefix = daemonSetUid + "|";
        retainOnWriter(key -> !key.startsWith(prefix));
    }

    /**
     * Forgets the events of every DaemonSet {@code gone} accepts, by UID. Runs on the writer thread: the
     * UIDs are those held when it gets there, and {@code gone} is asked about each afterwards, so an event
     * recorded for a DaemonSet created meanwhile is not taken for one that went.
     */
    public void forgetGone(Predicate<String> gone) {
        writer.execute(() -> {
            Set<String> held = new HashSet<>();
            recent.keySet().forEach(key -> held.add(uidOf(key)));
            combined.keySet().forEach(key -> held.add(uidOf(key)));
            similar.groups().forEach(key -> held.add(uidOf(key)));
            Set<String> doomed = new HashSet<>();
            for (String uid : held) {
                if (gone.test(uid)) {
                    doomed.add(uid);
                }
            }
            if (!doomed.isEmpty()) {
                Predicate<String> keep = key -> !doomed.contains(uidOf(key));
                recent.keySet().removeIf(keep.negate());
                combined.keySet().removeIf(keep.negate());
                similar.retain(keep);
            }
            countRemembered();
        });
    }

    private static String uidOf(String key) {
        return key.substring(0, Math.max(0, key.indexOf('|')));
    }

    /** How many events and event groups are remembered, for every DaemonSet together. */
    public int size() {
        return remembered;
    }

    private void retainOnWriter(Predicate<String> keep) {
        writer.execute(() -> {
            recent.keySet().removeIf(keep.negate());
            combined.keySet().removeIf(keep.negate());
            similar.retain(keep);
            countRemembered();
        });
    }

    private void countRemembered() {
        remembered = recent.size() + combined.size() + similar.size();
    }

    private void write(String ns, String dsName, String uid, String rv, PlannedEvent e) {
        try {
            writeNow(ns, dsName, uid, rv, e);
        } finally {
            countRemembered();
        }
    }

    private void writeNow(String ns, String dsName, String uid, String rv, PlannedEvent e) {
        if (!gate.isOpen()) {
            return;
        }
        Instant now = clock.instant();
        String group = uid + "|" + (e.warning() ? "Warning" : "Normal") + "|" + e.reason();
        if (similar.combine(group, e.message(), now)) {
            addToCombined(group, new Subject(ns, dsName, uid, rv), e, now);
            return;
        }
        String dedupeKey = uid + "|" + e.reason() + "|" + e.message();
        try {
            Event previous = recent.get(dedupeKey);
            if (previous != null) {
                bumpCount(previous, 1, null, now);
                return;
            }
            Event event = EventObjects.newEvent(new Subject(ns, dsName, uid, rv), e, e.message(), 1, now);
            gate.write(
                    "record an event",
                    () -> client.v1().events().inNamespace(ns).resource(event).create());
            recent.put(dedupeKey, event);
        } catch (RuntimeException ex) {
            LOG.warn("could not record event {} on {}/{}: {}", e.reason(), ns, dsName, ex.getMessage());
            recent.remove(dedupeKey);
        }
    }

    /**
     * The combined event is written at most once per {@link #COMBINED_UPDATE_INTERVAL}: bumping its
     * count once per pod would cost as many writes as the events it replaces.
     */
    private void addToCombined(String group, Subject subject, PlannedEvent e, Instant now) {
        CombinedEvent c = combined.computeIfAbsent(group, k -> new CombinedEvent());
        c.subject = subject;
        c.latest = e;
        c.pending++;
        if (c.flushScheduled) {
            return;
        }
        long wait = c.lastWrite == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(now, c.lastWrite.plus(COMBINED_UPDATE_INTERVAL))
                                .toMillis());
        if (wait == 0) {
            flush(c, now);
            return;
        }
        c.flushScheduled = true;
        try {
            timer.schedule(
                    () -> writer.execute(() -> {
                        c.flushScheduled = false;
                        flush(c, clock.instant());
                    }),
                    wait,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            c.flushScheduled = false;
        }
    }

    private void flush(CombinedEvent c, Instant now) {
        try {
            flushNow(c, now);
        } finally {
            countRemembered();
        }
    }

    private void flushNow(CombinedEvent c, Instant now) {
        if (c.pending == 0 || !gate.isOpen()) {
            return;
        }
        String message = SimilarEvents.COMBINED_PREFIX + c.latest.message();
        int count = c.pending;
        c.pending = 0;
        c.lastWrite = now;
        try {
            if (c.event == null) {
                Event event = EventObjects.newEvent(c.subject, c.latest, message, count, now);
                gate.write(
                        "record an event",
                        () -> client.v1()
                                .events()
                                .inNamespace(c.subject.namespace())
                                .resource(event)
                                .create());
                c.event = event;
            } else {
                bumpCount(c.event, count, message, now);
            }
        } catch (RuntimeException ex) {
            LOG.warn(
                    "could not record combined event {} on {}/{}: {}",
                    c.latest.reason(),
                    c.subject.namespace(),
                    c.subject.name(),
                    ex.getMessage());
            c.event = null;
        }
    }

    private void bumpCount(Event event, int by, String message, Instant now) {
        Map<String, Object> patch = EventObjects.bump(event, by, message, now);
        gate.write(
                "update an event",
                () -> client.v1()
                        .events()
                        .inNamespace(event.getMetadata().getNamespace())
                        .withName(event.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                client.getKubernetesSerialization().asJson(patch)));
    }

    /** Touched only on the writer thread. */
    private static final class CombinedEvent {
        Event event;
        Subject subject;
        PlannedEvent latest;
        int pending;
        Instant lastWrite;
        boolean flushScheduled;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
