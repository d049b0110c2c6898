package dev.daemonset.operator.exec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates and deletes a DaemonSet has issued but the pod informer has not yet reported. While any are
 * outstanding the cache is known to be stale for that DaemonSet, and planning from it would create
 * a second pod for a node or delete a pod twice; so the reconciler only refreshes status until they
 * are met. Deletions are tracked by pod UID, so a pod reported twice (marked for deletion, then
 * gone) is only counted once. Entries expire after a TTL, as upstream's, so a lost watch event
 * cannot wedge a DaemonSet forever.
 */
public final class Expectations<K> {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final Map<K, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;

  public Expectations(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  private static final class Entry {
    private int creates;
    private final Set<String> deletes = new HashSet<>();
    private final Instant setAt;

    Entry(int creates, Set<String> deletes, Instant setAt) {
      this.creates = creates;
      this.deletes.addAll(deletes);
      this.setAt = setAt;
    }

    synchronized void created(int n) {
      creates -= n;
    }

    synchronized void deleted(String uid) {
      deletes.remove(uid);
    }

    synchronized boolean met() {
      return creates <= 0 && deletes.isEmpty();
    }

    synchronized String describe() {
      return "creates=" + creates + " deletes=" + deletes.size();
    }
  }

  /** Records what a sync is about to write; called before the first write. */
  public void expect(K key, int creates, Set<String> deleteUids) {
    entries.put(key, new Entry(creates, deleteUids, clock.instant()));
  }

  public void creationObserved(K key) {
    lowerCreations(key, 1);
  }

  /** A create that failed or was skipped will never be observed. */
  public void lowerCreations(K key, int n) {
    Entry e = entries.get(key);
    if (e != null) {
      e.created(n);
    }
  }

  public void deletionObserved(K key, String uid) {
    Entry e = entries.get(key);
    if (e != null) {
      e.deleted(uid);
    }
  }

  public boolean satisfied(K key) {
    Entry e = entries.get(key);
    if (e == null) {
      return true;
    }
    return e.met() || Duration.between(e.setAt, clock.instant()).compareTo(ttl) > 0;
  }

  public void forget(K key) {
    entries.remove(key);
  }

  /** Drops every entry; a new leader term starts from what the informers show, not from old writes. */
  public void forgetAll() {
    entries.clear();
  }

  /** For logs and tests: outstanding creates and deletes. */
  public String describe(K key) {
    Entry e = entries.get(key);
    return e == null ? "none" : e.describe();
  }
}
