package dev.kite.mqtt.internal.packet;

/**
 * PUBREL [MQTT-3.6].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 */
public record Pubrel(int packetId) implements Packet {
    @Override
    public int type() {
        return Type.PUBREL;
    }
}
