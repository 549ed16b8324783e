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
 * the broker has no session for the client: with their MQTT 5.0 options and subscription
 * identifier. Persisted in the store when asked to (resume subs).
 */
final class Subscriptions {
    private record Entry(long sequence, Subscribe.Subscription subscription, int identifier) {
    }

    /** Subscriptions to send in one SUBSCRIBE: they share one identifier (0 for none). */
    record Batch(List<Subscribe.Subscription> subscriptions, int identifier) {
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
        Records.Subscription r = Records.readSubscription(value);
        byFilter.put(r.subscription().filter(), new Entry(key.id(), r.subscription(), r.identifier()));
        nextSequence = Math.max(nextSequence, key.id() + 1);
    }

    void add(List<Subscribe.Subscription> subs, int identifier) {
        for (Subscribe.Subscription s : subs) {
            Entry old = byFilter.remove(s.filter());
            if (old != null && persist) {
                store.delete(StoreKey.subscription(old.sequence()));
            }
            Entry e = new Entry(nextSequence++, s, identifier);
            byFilter.put(s.filter(), e);
            if (persist) {
                store.put(StoreKey.subscription(e.sequence()), Records.subscription(s, identifier));
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

    /**
     * Returns every subscription, oldest first, at most {@code perPacket} to a SUBSCRIBE; a new
     * batch starts where the identifier changes, since it is a property of the whole packet.
     */
    List<Batch> batches(int perPacket) {
        List<Batch> out = new ArrayList<>();
        List<Subscribe.Subscription> current = new ArrayList<>();
        int identifier = 0;
        for (Entry e : byFilter.values()) {
            if (current.size() == perPacket || (!current.isEmpty() && e.identifier() != identifier)) {
                out.add(new Batch(current, identifier));
                current = new ArrayList<>();
            }
            identifier = e.identifier();
            current.add(e.subscription());
        }
        if (!current.isEmpty()) {
            out.add(new Batch(current, identifier));
        }
        return out;
    }

    int size() {
        return byFilter.size();
    }
}
