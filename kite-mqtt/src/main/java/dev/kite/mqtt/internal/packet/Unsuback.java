package dev.kite.mqtt.internal.packet;

import java.util.List;
import java.util.Objects;

/**
 * UNSUBACK [MQTT-3.11].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 * @param reasonCodes MQTT 5.0: one reason code per filter of the UNSUBSCRIBE (section 3.11.3);
 *     empty under 3.1.1, which has none
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1
 */
public record Unsuback(int packetId, List<Integer> reasonCodes, Properties properties) implements Packet {
    public Unsuback {
        reasonCodes = List.copyOf(reasonCodes);
        Objects.requireNonNull(properties, "properties");
    }

    /** An UNSUBACK as MQTT 3.1.1 has it: a packet id and nothing else. */
    public Unsuback(int packetId) {
        this(packetId, List.of(), Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.UNSUBACK;
    }
}
