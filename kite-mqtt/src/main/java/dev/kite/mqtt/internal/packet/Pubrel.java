package dev.kite.mqtt.internal.packet;

import java.util.Objects;

/**
 * PUBREL [MQTT-3.6].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 * @param reasonCode the MQTT 5.0 reason code (section 3.6.2.1); 0 (success) under 3.1.1, which has none
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1
 */
public record Pubrel(int packetId, int reasonCode, Properties properties) implements Packet {
    public Pubrel {
        Objects.requireNonNull(properties, "properties");
    }

    /** An acknowledgement with reason code 0 and no properties, the only kind MQTT 3.1.1 has. */
    public Pubrel(int packetId) {
        this(packetId, 0, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.PUBREL;
    }
}
