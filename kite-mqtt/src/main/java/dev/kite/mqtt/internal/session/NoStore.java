package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.List;

/**
 * The store of a client that was given none: nothing outlives the client, and the session
 * already holds every flow in memory, so there is nothing to write. The session skips encoding
 * records for it (a MemoryStore the client alone could see cost one record per QoS 1/2 message
 * and one map entry for nothing).
 */
public final class NoStore implements Store {
    @Override
    public void open() {
    }

    @Override
    public void put(StoreKey key, byte[] packet) {
    }

    @Override
    public byte[] get(StoreKey key) {
        return null;
    }

    @Override
    public List<StoreKey> keys() {
        return List.of();
    }

    @Override
    public void delete(StoreKey key) {
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
    }
}
