package dev.daemonset.operator.controller;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * One thing the operator remembers per DaemonSet, keyed by the DaemonSet's UID: a memo of the caches
 * or of writes not yet seen in them. Keyed by UID, so a DaemonSet deleted and created again under
 * the same name starts with nothing of its predecessor's. {@link Housekeeping} holds every memory in
 * one list and forgets a DaemonSet in all of them at once.
 */
interface DaemonSetMemory {
    /** The name {@code dds_state_entries{state}} reports it under. */
    String name();

    /** The UIDs of the DaemonSets it holds something for, as of now. */
    Set<String> daemonSetUids();

    void forget(String daemonSetUid);

    int size();

    static DaemonSetMemory of(String name, Supplier<Set<String>> uids, Consumer<String> forget, IntSupplier size) {
        return new DaemonSetMemory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> daemonSetUids() {
                return uids.get();
            }

            @Override
            public void forget(String daemonSetUid) {
                forget.accept(daemonSetUid);
            }

            @Override
            public int size() {
                return size.getAsInt();
            }
        };
    }
}
