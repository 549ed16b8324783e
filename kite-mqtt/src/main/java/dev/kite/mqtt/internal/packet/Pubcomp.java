package dev.kite.mqtt.internal.packet;

/**
 * PUBCOMP [MQTT-3.7].
 *
 * @param packetId the packet id it acknowledges, 1 to 65535
 */
public record Pubcomp(int packetId) implements Packet {
    @Override
    public int type() {
        return Type.PUBCOMP;
    }
}
