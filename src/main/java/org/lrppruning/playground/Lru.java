package org.lrppruning.playground;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded least-recently-used cache (the playground's and the workbench's): memory stays bounded however many settings
 * clients try. Values are computed outside the lock, so two threads may compute the same entry
 * once each; every value is a pure function of its key, so either result is the same.
 */
public final class Lru<K, V> {
    private final Map<K, V> map;

    public Lru(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value of {@code key}, computing and caching it when absent. */
    public V get(K key, Supplier<V> compute) {
        V v;
        synchronized (this) {
            v = map.get(key);
        }
        if (v == null) {
            v = compute.get();
            synchronized (this) {
                map.put(key, v);
            }
        }
        return v;
    }

    public synchronized int size() {
        return map.size();
    }
}
