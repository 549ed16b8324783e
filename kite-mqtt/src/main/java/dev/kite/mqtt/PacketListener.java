package dev.kite.mqtt;

/**
 * Observes every control packet a client sends or receives, for debugging tools such as
 * {@code kite pub -d}. Each packet is described on one line in the style of libmosquitto's debug
 * log, without the {@code "Client ID sending "} prefix: {@code CONNECT}, {@code CONNACK (0)},
 * {@code PUBLISH (d0, q1, r0, m1, 'a/b', ... (5 bytes))}, {@code PUBACK (m1, rc0)} when sent,
 * {@code PUBACK (Mid: 1, RC:0)} when received, and so on.
 *
 * <p>Called on the client's reader and writer threads, so it must be quick and must not call
 * the client; a packet is reported when it is written or decoded.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PacketListener {
    /** Whether the client sent or received a packet. */
    enum Direction {
        /** Written to the network. */
        SENT,
        /** Decoded from the network. */
        RECEIVED
    }

    /**
     * Reports one packet.
     *
     * @param direction sent or received
     * @param description the packet in libmosquitto's debug style
     */
    void onPacket(Direction direction, String description);
}
