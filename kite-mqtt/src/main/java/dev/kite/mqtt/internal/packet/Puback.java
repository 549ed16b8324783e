package dev.kite.mqtt.internal.packet;

/**
 * PUBACK [MQTT-3.4].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 */
public record Puback(int packetId) implements Packet {
    @Override
    public int type() {
        return Type.PUBACK;
    }
}
