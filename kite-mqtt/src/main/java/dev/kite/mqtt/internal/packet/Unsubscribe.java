package dev.kite.mqtt.internal.packet;

import java.util.List;

/**
 * UNSUBSCRIBE [MQTT-3.10].
 *
 * @param packetId the packet id, 1 to 65535
 * @param filters the topic filters, at least one
 */
public record Unsubscribe(int packetId, List<String> filters) implements Packet {
    public Unsubscribe {
        filters = List.copyOf(filters);
    }

    @Override
    public int type() {
        return Type.UNSUBSCRIBE;
    }
}
