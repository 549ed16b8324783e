package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions the client holds, in the order they were made, so they can be sent again when
 * the broker has no session for the client. Persisted in the store when asked to (resume subs).
 */
final class Subscriptions {
    private record Entry(long sequence, int qos) {
    }

    private final Store store;
    private final boolean persist;
    private final Map<String, Entry> byFilter = new LinkedHashMap<>();
    private long nextSequence = 1;

    Subscriptions(Store store, boolean persist) {
        this.store = store;
        this.persist = persist;
    }

    void restore(StoreKey key, byte[] value) {
        byFilter.put(Records.subscriptionFilter(value), new Entry(key.id(), Records.subscriptionQos(value)));
        nextSequence = Math.max(nextSequence, key.id() + 1);
    }

    void add(List<Subscribe.Subscription> subs) {
        for (Subscribe.Subscription s : subs) {
            Entry old = byFilter.remove(s.filter());
            if (old != null && persist) {
                store.delete(StoreKey.subscription(old.sequence()));
            }
            Entry e = new Entry(nextSequence++, s.qos());
            byFilter.put(s.filter(), e);
            if (persist) {
                store.put(StoreKey.subscription(e.sequence()), Records.subscription(s.filter(), s.qos()));
            }
        }
    }

    void remove(List<String> filters) {
        for (String f : filters) {
            Entry old = byFilter.remove(f);
            if (old != null && persist) {
                store.delete(StoreKey.subscription(old.sequence()));
            }
        }
    }

    /** Returns every subscription, oldest first, at most {@code perPacket} to a SUBSCRIBE. */
    List<List<Subscribe.Subscription>> batches(int perPacket) {
        List<List<Subscribe.Subscription>> out = new ArrayList<>();
        List<Subscribe.Subscription> current = new ArrayList<>();
        for (Map.Entry<String, Entry> e : byFilter.entrySet()) {
            current.add(new Subscribe.Subscription(e.getKey(), e.getValue().qos()));
            if (current.size() == perPacket) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    int size() {
        return byFilter.size();
    }
}
