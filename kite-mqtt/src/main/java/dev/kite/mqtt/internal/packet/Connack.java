package dev.kite.mqtt.internal.packet;

/**
 * CONNACK [MQTT-3.2].
 *
 * @param sessionPresent the session present flag
 * @param returnCode 0 for accepted, 1 to 5 for refusals
 */
public record Connack(boolean sessionPresent, int returnCode) implements Packet {
    @Override
    public int type() {
        return Type.CONNACK;
    }
}
