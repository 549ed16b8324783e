package dev.kite.mqtt.internal.packet;

import java.util.Objects;

/**
 * PUBLISH [MQTT-3.3].
 *
 * @param topic the topic name
 * @param payload the application message; owned by the packet once built, never copied again
 * @param qos 0, 1 or 2
 * @param retain the retain flag
 * @param dup the DUP flag
 * @param packetId the packet id, 0 at QoS 0
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1. Under 5.0 the
 *     topic may be empty when a topic alias property stands for it (section 3.3.2.3.4).
 */
public record Publish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId,
                      Properties properties) implements Packet {

    public Publish {
        Objects.requireNonNull(properties, "properties");
    }

    /** A PUBLISH without properties, as MQTT 3.1.1 has it. */
    public Publish(String topic, byte[] payload, int qos, boolean retain, boolean dup, int packetId) {
        this(topic, payload, qos, retain, dup, packetId, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.PUBLISH;
    }

    /** Returns a copy with another packet id and DUP flag, sharing the payload and the properties. */
    public Publish withIdAndDup(int id, boolean duplicate) {
        return new Publish(topic, payload, qos, retain, duplicate, id, properties);
    }

    @Override
    public String toString() {
        return "Publish[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", dup=" + dup
                + ", packetId=" + packetId + ", payload=" + payload.length + " bytes"
                + (properties.isEmpty() ? "" : ", " + properties) + "]";
    }
}
