package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PlannedEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The core/v1 Events {@link KubernetesEventRecorder} writes, and the patch that bumps one's count. */
final class EventObjects {
    private static final int MAX_NAME = 253;
    private static final String COMPONENT = "daemonset-operator";

    private EventObjects() {}

    /** The DaemonSet an event is about, as it was when the event was recorded. */
    record Subject(String namespace, String name, String uid, String resourceVersion) {}

    /** {@code <name>.<hex>}, the name cut so the whole stays within the 253 characters an object name may have. */
    static String eventName(String subject) {
        String suffix = "." + Long.toHexString(System.nanoTime());
        int room = MAX_NAME - suffix.length();
        return (subject.length() > room ? subject.substring(0, room) : subject) + suffix;
    }

    static Event newEvent(Subject subject, PlannedEvent e, String message, int count, Instant now) {
        Event event = new Event();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(eventName(subject.name()));
        meta.setNamespace(subject.namespace());
        event.setMetadata(meta);
        ObjectReference involved = new ObjectReference();
        involved.setApiVersion(DaemonSet.API_VERSION);
        involved.setKind(DaemonSet.KIND);
        involved.setName(subject.name());
        involved.setNamespace(subject.namespace());
        involved.setUid(subject.uid());
        involved.setResourceVersion(subject.resourceVersion());
        event.setInvolvedObject(involved);
        event.setReason(e.reason());
        event.setMessage(message);
        event.setType(e.warning() ? "Warning" : "Normal");
        event.setCount(count);
        event.setFirstTimestamp(now.toString());
        event.setLastTimestamp(now.toString());
        event.setSource(new EventSource(COMPONENT, null));
        event.setReportingComponent(COMPONENT);
        return event;
    }

    /**
     * Adds {@code by} to {@code event}'s count and moves its last timestamp to {@code now}, and its message
     * to {@code message} unless that is null; returns the same change as a merge patch.
     */
    static Map<String, Object> bump(Event event, int by, String message, Instant now) {
        int count = (event.getCount() == null ? 1 : event.getCount()) + by;
        event.setCount(count);
        event.setLastTimestamp(now.toString());
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("count", count);
        patch.put("lastTimestamp", now.toString());
        if (message != null) {
            event.setMessage(message);
            patch.put("message", message);
        }
        return patch;
    }
}
