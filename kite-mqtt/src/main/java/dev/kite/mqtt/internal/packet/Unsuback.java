package dev.kite.mqtt.internal.packet;

/**
 * UNSUBACK [MQTT-3.11].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 */
public record Unsuback(int packetId) implements Packet {
    @Override
    public int type() {
        return Type.UNSUBACK;
    }
}
