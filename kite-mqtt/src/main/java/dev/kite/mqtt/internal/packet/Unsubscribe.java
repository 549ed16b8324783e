package dev.kite.mqtt.internal.packet;

import java.util.List;
import java.util.Objects;

/**
 * UNSUBSCRIBE [MQTT-3.10].
 *
 * @param packetId the packet id, 1 to 65535
 * @param filters the topic filters, at least one
 * @param properties the MQTT 5.0 properties (user properties); {@link Properties#EMPTY} under 3.1.1
 */
public record Unsubscribe(int packetId, List<String> filters, Properties properties) implements Packet {
    public Unsubscribe {
        filters = List.copyOf(filters);
        Objects.requireNonNull(properties, "properties");
    }

    /** An UNSUBSCRIBE without properties. */
    public Unsubscribe(int packetId, List<String> filters) {
        this(packetId, filters, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.UNSUBSCRIBE;
    }
}
