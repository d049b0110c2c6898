package dev.daemonset.operator.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * Per DaemonSet UID, the creates sent in the background whose answer has not come back yet. A sync that sends the
 * next burst first waits until fewer than the writers' parallelism of the last one are left: the writers stay busy
 * through the last burst's tail while the next is planned, and no more than about a burst of one DaemonSet waits
 * behind them, ahead of every other DaemonSet's writes.
 */
final class CreatesUnderWay {
    private final Map<String, Integer> byDaemonSet = new HashMap<>();

    /** @throws InterruptedException as {@link Object#wait()} */
    synchronized void awaitFewerThan(String daemonSetUid, int limit) throws InterruptedException {
        while (byDaemonSet.getOrDefault(daemonSetUid, 0) >= limit) {
            wait();
        }
    }

    synchronized void sent(String daemonSetUid, int creates) {
        byDaemonSet.merge(daemonSetUid, creates, Integer::sum);
    }

    synchronized void answered(String daemonSetUid) {
        byDaemonSet.computeIfPresent(daemonSetUid, (uid, n) -> n == 1 ? null : n - 1);
        notifyAll();
    }

    synchronized int of(String daemonSetUid) {
        return byDaemonSet.getOrDefault(daemonSetUid, 0);
    }
}
