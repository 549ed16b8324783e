package dev.kite.mqtt.internal.packet;

/**
 * PUBREC [MQTT-3.5].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 */
public record Pubrec(int packetId) implements Packet {
    @Override
    public int type() {
        return Type.PUBREC;
    }
}
