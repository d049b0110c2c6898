package dev.daemonset.operator.sandbox.apiserver;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The mock store's table of objects, with an index by object name.
 *
 * <p>fabric8's CRUD dispatcher finds the object of a request by testing every stored key against the
 * request's attributes: at 50,000 pods that is tens of milliseconds for every write and every GET, and
 * the scan runs under the store's lock, so the whole server slows down with its size. The dispatcher's
 * lookup is not pluggable, but it iterates {@link #entrySet()}: while {@link #lookUp} runs a lookup for a
 * name on this thread, the first {@code entrySet()} call offers only the entries of that name. The
 * dispatcher still applies its own match to them, so the answer is what a full scan would give.
 *
 * <p>Synchronized on itself, as the {@code Collections.synchronizedMap} it replaces was (and callers that
 * iterate hold that lock). It cannot be wrapped in one: that wrapper caches the entry-set view.
 */
final class NameIndexedEntries extends AbstractMap<AttributeSet, String> {
    private static final String NAME = "name";
    private static final String ANY = "*";
    /** The names the next entrySet() call on this thread may be restricted to; consumed by that call. */
    private static final ThreadLocal<Set<String>> LOOKUP = new ThreadLocal<>();

    private final Map<AttributeSet, String> entries = new LinkedHashMap<>();
    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

    /**
     * Runs {@code lookup} with the next scan of this map restricted to the names {@code query} asks for. A
     * query that does not name its object (a list, a wildcard, a negated name) scans everything as before.
     */
    static <T> T lookUp(AttributeSet query, Supplier<T> lookup) {
        Set<String> names = namesAskedFor(query);
        if (names == null) {
            return lookup.get();
        }
        LOOKUP.set(names);
        try {
            return lookup.get();
        } finally {
            LOOKUP.remove();
        }
    }

    private static Set<String> namesAskedFor(AttributeSet query) {
        Attribute name = query == null ? null : query.getAttribute(NAME);
        if (name == null || !(name.getType() == AttributeType.WITH || name.getType() == AttributeType.IN)) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Value v : name.getValues()) {
            String s = v.toString();
            if (s == null || ANY.equals(s)) {
                return null;
            }
            names.add(s);
        }
        return names.isEmpty() ? null : names;
    }

    @Override
    public synchronized Set<Entry<AttributeSet, String>> entrySet() {
        Set<String> names = LOOKUP.get();
        if (names == null) {
            // read-only: a removal through the view would bypass the index
            return Collections.unmodifiableSet(entries.entrySet());
        }
        LOOKUP.remove();
        List<Entry<AttributeSet, String>> candidates = new ArrayList<>();
        for (String name : names) {
            for (AttributeSet key : byName.getOrDefault(name, Set.of())) {
                candidates.add(new SimpleImmutableEntry<>(key, entries.get(key)));
            }
        }
        return new Snapshot(candidates);
    }

    @Override
    public synchronized String put(AttributeSet key, String value) {
        String old = entries.put(key, value);
        if (old == null) {
            for (String name : namesOf(key)) {
                byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
            }
        }
        return old;
    }

    @Override
    public synchronized String remove(Object key) {
        if (!(key instanceof AttributeSet set) || !entries.containsKey(set)) {
            return null;
        }
        for (String name : namesOf(set)) {
            Set<AttributeSet> keys = byName.get(name);
            if (keys != null) {
                keys.remove(set);
                if (keys.isEmpty()) {
                    byName.remove(name);
                }
            }
        }
        return entries.remove(set);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
        byName.clear();
    }

    @Override
    public synchronized String get(Object key) {
        return entries.get(key);
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public Collection<String> values() {
        return entries.values();
    }

    @Override
    public Set<AttributeSet> keySet() {
        return entries.keySet();
    }

    @Override
    public synchronized void forEach(BiConsumer<? super AttributeSet, ? super String> action) {
        entries.forEach(action);
    }

    private static List<String> namesOf(AttributeSet key) {
        Attribute name = key.getAttribute(NAME);
        if (name == null) {
            return List.of();
        }
        return name.getValues().stream().map(Value::toString).toList();
    }

    /** The candidates of one lookup: read-only, as the dispatcher only reads what it scans. */
    private static final class Snapshot extends AbstractSet<Entry<AttributeSet, String>> {
        private final List<Entry<AttributeSet, String>> items;

        Snapshot(List<Entry<AttributeSet, String>> items) {
            this.items = List.copyOf(items);
        }

        @Override
        public Iterator<Entry<AttributeSet, String>> iterator() {
            return items.iterator();
        }

        @Override
        public int size() {
            return items.size();
        }
    }
}
