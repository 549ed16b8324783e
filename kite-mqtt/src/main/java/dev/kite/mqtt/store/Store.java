package dev.kite.mqtt.store;

import java.util.List;

/**
 * Where a client keeps the state that must outlive a connection, or the process: outbound QoS 1/2
 * messages until acknowledged (from the moment {@code publish} returns), PUBREL state, receipts of
 * inbound QoS 2 messages, and subscriptions. Values are opaque bytes that the client encodes.
 * Implementations must be safe for use by one client from several threads; {@code put} and
 * {@code delete} return once the change is as durable as the store promises.
 *
 * @since 0.1
 */
public interface Store extends AutoCloseable {
    /**
     * Opens the store; called by the client before first use.
     *
     * @throws IllegalStateException if the store cannot be opened (for example, locked by another client)
     */
    void open();

    /**
     * Stores or replaces an entry.
     *
     * @param key the key
     * @param packet the encoded packet; the store may keep the array
     */
    void put(StoreKey key, byte[] packet);

    /**
     * Returns an entry.
     *
     * @param key the key
     * @return the encoded packet, or {@code null} if absent
     */
    byte[] get(StoreKey key);

    /**
     * Returns all keys in order: by kind (outbound, inbound, subscription), then by id.
     *
     * @return the keys
     */
    List<StoreKey> keys();

    /**
     * Removes an entry; removing an absent key does nothing.
     *
     * @param key the key
     */
    void delete(StoreKey key);

    /** Removes every entry. */
    void reset();

    /** Closes the store; it may be opened again. */
    @Override
    void close();
}
