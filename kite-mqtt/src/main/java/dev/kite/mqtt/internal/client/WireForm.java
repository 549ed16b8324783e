package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.PacketFit;
import dev.kite.mqtt.internal.packet.Packet;

/**
 * What a packet becomes just before the writer encodes it, in this order: the MQTT 5.0 outbound
 * topic alias, a {@link PacketRewriter}'s change, and the fit to the broker's Maximum Packet Size
 * ({@link PacketFit}). The session never sees these forms: a packet resent after a reconnect is
 * formed again for the new connection.
 */
final class WireForm {
    private WireForm() {
    }

    /**
     * Returns {@code packet} as it goes on the wire.
     *
     * @param packet the packet the session queued
     * @param aliases the connection's outbound topic aliases, or null
     * @param listener the client's packet listener, or null; used when it is a {@link PacketRewriter}
     * @param version the connection's protocol version
     * @param maxPacketSize the broker's Maximum Packet Size, 0 for none
     * @return the packet to encode
     */
    static Packet of(Packet packet, OutboundAliases aliases, PacketListener listener, ProtocolVersion version,
                     long maxPacketSize) {
        Packet formed = aliases == null ? packet : aliases.apply(packet);
        if (listener instanceof PacketRewriter rewriter) {
            formed = rewriter.rewrite(formed);
        }
        return PacketFit.fit(formed, version, maxPacketSize);
    }
}
