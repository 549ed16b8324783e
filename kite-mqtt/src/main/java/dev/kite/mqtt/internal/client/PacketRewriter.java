package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.internal.packet.Packet;

/**
 * A last change to each packet the client sends, for what the API has no way to say: a
 * {@link PacketListener} given to {@code ClientOptions.setPacketListener} that also implements
 * this interface is handed every packet the writer sends (after outbound topic aliases), and the
 * packet it returns is encoded, written and reported to it instead. kite pub and kite sub use it to
 * send the properties mosquitto's tools send on SUBSCRIBE, UNSUBSCRIBE and DISCONNECT, and the
 * fixed topic alias of {@code -D publish topic-alias}.
 *
 * <p>Not API: internal packages are not exported, and the session never sees the change (a
 * packet resent after a reconnect is rewritten again). Runs under the writer's lock, on the
 * writer thread or on an application thread writing directly: it must be quick and must not
 * block, and a packet it returns must be valid for the version spoken.
 */
public interface PacketRewriter {
    /**
     * Returns the packet to write in place of {@code packet}, or {@code packet} itself.
     *
     * @param packet a packet about to be written
     * @return the packet to write
     */
    Packet rewrite(Packet packet);
}
