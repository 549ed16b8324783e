package dev.kite.mqtt.internal.packet;

/**
 * PUBLISH [MQTT-3.3].
 *
 * @param topic the topic name
 * @param payload the application message; owned by the packet once built, never copied again
 * @param qos 0, 1 or 2
 * @param retain the retain flag
 * @param dup the DUP flag
 * @param packetId the packet id, 0 at QoS 0
 */
public record Publish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId)
        implements Packet {

    @Override
    public int type() {
        return Type.PUBLISH;
    }

    /** Returns a copy with another packet id and DUP flag, sharing the payload. */
    public Publish withIdAndDup(int id, boolean duplicate) {
        return new Publish(topic, payload, qos, retain, duplicate, id);
    }

    @Override
    public String toString() {
        return "Publish[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", dup=" + dup
                + ", packetId=" + packetId + ", payload=" + payload.length + " bytes]";
    }
}
