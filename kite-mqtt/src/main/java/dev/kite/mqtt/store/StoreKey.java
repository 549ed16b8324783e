package dev.kite.mqtt.store;

/**
 * The key of one entry in a {@link Store}.
 *
 * @param kind what the entry holds
 * @param id for {@link Kind#OUTBOUND}, the sequence number that orders outbound messages; for
 *     {@link Kind#INBOUND}, the packet id of an inbound QoS 2 message not yet released; for
 *     {@link Kind#SUBSCRIPTION}, a sequence number in the order subscriptions were made
 * @since 0.1
 */
public record StoreKey(Kind kind, long id) implements Comparable<StoreKey> {
    /** What a store entry holds. */
    public enum Kind {
        /** An outbound PUBLISH (QoS 1/2) or the PUBREL that replaced it. */
        OUTBOUND,
        /** A receipt of an inbound QoS 2 PUBLISH, kept until its PUBREL. */
        INBOUND,
        /** A subscription the client holds, resent when a session has to be rebuilt. */
        SUBSCRIPTION
    }

    /**
     * Returns the key of an outbound message.
     *
     * @param sequence its sequence number
     * @return the key
     */
    public static StoreKey outbound(long sequence) {
        return new StoreKey(Kind.OUTBOUND, sequence);
    }

    /**
     * Returns the key of an inbound QoS 2 receipt.
     *
     * @param packetId its packet id
     * @return the key
     */
    public static StoreKey inbound(int packetId) {
        return new StoreKey(Kind.INBOUND, packetId);
    }

    /**
     * Returns the key of a subscription.
     *
     * @param sequence its sequence number
     * @return the key
     */
    public static StoreKey subscription(long sequence) {
        return new StoreKey(Kind.SUBSCRIPTION, sequence);
    }

    @Override
    public int compareTo(StoreKey o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : Long.compare(id, o.id);
    }
}
