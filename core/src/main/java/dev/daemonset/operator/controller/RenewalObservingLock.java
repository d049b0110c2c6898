package dev.daemonset.operator.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * The Lease lock, telling the {@link RenewalFence} of every write that made this instance the holder. The
 * elector reports a lost lease only after its renew deadline has passed between two attempts; the fence
 * needs the time of each success as it happens.
 */
final class RenewalObservingLock implements Lock {
    private final Lock lease;
    private final RenewalFence fence;

    RenewalObservingLock(Lock lease, RenewalFence fence) {
        this.lease = lease;
        this.fence = fence;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return lease.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        long started = fence.now();
        lease.create(client, record);
        observe(record, started);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        long started = fence.now();
        lease.update(client, record);
        observe(record, started);
    }

    private void observe(LeaderElectionRecord record, long started) {
        if (lease.identity().equals(record.getHolderIdentity())) {
            fence.renewed(started);
        }
    }

    @Override
    public String identity() {
        return lease.identity();
    }

    @Override
    public String describe() {
        return lease.describe();
    }
}
