package dev.kite.mqtt.internal.packet;

/** PINGREQ [MQTT-3.12]: a fixed header and nothing else. */
public record Pingreq() implements Packet {
    /** The only instance needed. */
    public static final Pingreq INSTANCE = new Pingreq();

    @Override
    public int type() {
        return Type.PINGREQ;
    }
}
