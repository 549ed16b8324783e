package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.PacketFit;
import dev.kite.mqtt.internal.packet.Packet;

/**
 * What a packet becomes on one connection just before the writer encodes it, in this order: the
 * MQTT 5.0 outbound topic alias, a {@link PacketRewriter}'s change, and the fit to the broker's
 * Maximum Packet Size ({@link PacketFit}). The session never sees these forms: a packet resent
 * after a reconnect is formed again for the new connection. Used under the writer's lock.
 */
final class WireForm {
    private final ProtocolVersion version;
    private final long maxPacketSize;
    private final PacketListener listener;
    private OutboundAliases aliases;

    /**
     * @param version the connection's protocol version
     * @param maxPacketSize the broker's Maximum Packet Size, 0 for none
     * @param listener the client's packet listener, or null; used when it is a {@link PacketRewriter}
     */
    WireForm(ProtocolVersion version, long maxPacketSize, PacketListener listener) {
        this.version = version;
        this.maxPacketSize = maxPacketSize;
        this.listener = listener;
    }

    /** Returns the protocol version the connection speaks. */
    ProtocolVersion version() {
        return version;
    }

    /** Gives PUBLISHes topic aliases from now on. */
    void aliases(OutboundAliases aliases) {
        this.aliases = aliases;
    }

    /** Returns {@code packet} as it goes on the wire. */
    Packet of(Packet packet) {
        Packet formed = aliases == null ? packet : aliases.apply(packet);
        if (listener instanceof PacketRewriter rewriter) {
            formed = rewriter.rewrite(formed);
        }
        return PacketFit.fit(formed, version, maxPacketSize);
    }
}
