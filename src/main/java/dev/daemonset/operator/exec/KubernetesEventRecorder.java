package dev.daemonset.operator.exec;

import dev.daemonset.operator.api.DaemonSet;
import dev.daemonset.operator.plan.PlannedEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events off the sync path, on one thread with a bounded backlog: events are for
 * humans and must never slow or fail a reconcile. A repeat of the same event bumps the count of the
 * existing one instead of creating another, as client-go's recorder does.
 */
public final class KubernetesEventRecorder implements EventRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final String COMPONENT = "daemonset-operator";
  private static final int MAX_REMEMBERED = 4096;

  private final KubernetesClient client;
  private final Clock clock;
  private final LeadershipGate gate;
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(10_000), r -> {
        Thread t = new Thread(r, "dds-events");
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.DiscardPolicy());
  private final Map<String, Event> recent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

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

  private void write(String ns, String dsName, String uid, String rv, PlannedEvent e) {
    if (!gate.isOpen()) {
      return;
    }
    String now = clock.instant().toString();
    String dedupeKey = uid + "|" + e.reason() + "|" + e.message();
    try {
      Event previous = recent.get(dedupeKey);
      if (previous != null) {
        int count = previous.getCount() == null ? 2 : previous.getCount() + 1;
        previous.setCount(count);
        previous.setLastTimestamp(now);
        String patch = client.getKubernetesSerialization().asJson(Map.of("count", count, "lastTimestamp", now));
        client.v1().events().inNamespace(ns).withName(previous.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        return;
      }
      Event event = new Event();
      ObjectMeta meta = new ObjectMeta();
      meta.setName(dsName + "." + Long.toHexString(System.nanoTime()));
      meta.setNamespace(ns);
      event.setMetadata(meta);
      ObjectReference involved = new ObjectReference();
      involved.setApiVersion(DaemonSet.API_VERSION);
      involved.setKind(DaemonSet.KIND);
      involved.setName(dsName);
      involved.setNamespace(ns);
      involved.setUid(uid);
      involved.setResourceVersion(rv);
      event.setInvolvedObject(involved);
      event.setReason(e.reason());
      event.setMessage(e.message());
      event.setType(e.warning() ? "Warning" : "Normal");
      event.setCount(1);
      event.setFirstTimestamp(now);
      event.setLastTimestamp(now);
      event.setSource(new EventSource(COMPONENT, null));
      event.setReportingComponent(COMPONENT);
      client.v1().events().inNamespace(ns).resource(event).create();
      recent.put(dedupeKey, event);
    } catch (RuntimeException ex) {
      LOG.warn("could not record event {} on {}/{}: {}", e.reason(), ns, dsName, ex.getMessage());
      recent.remove(dedupeKey);
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
