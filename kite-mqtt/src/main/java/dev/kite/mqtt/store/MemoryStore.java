package dev.kite.mqtt.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link Store} in memory: what it holds survives reconnects, not the process. The default.
 *
 * @since 0.1
 */
public final class MemoryStore implements Store {
    private final ConcurrentSkipListMap<StoreKey, byte[]> entries = new ConcurrentSkipListMap<>();

    /** Creates an empty store. */
    public MemoryStore() {
    }

    @Override
    public void open() {
        // nothing to open
    }

    @Override
    public void put(StoreKey key, byte[] packet) {
        entries.put(key, packet);
    }

    @Override
    public byte[] get(StoreKey key) {
        return entries.get(key);
    }

    @Override
    public List<StoreKey> keys() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public void delete(StoreKey key) {
        entries.remove(key);
    }

    @Override
    public void reset() {
        entries.clear();
    }

    @Override
    public void close() {
        // nothing to release; entries stay for a reopen
    }
}
