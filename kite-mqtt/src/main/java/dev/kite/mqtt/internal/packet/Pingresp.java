package dev.kite.mqtt.internal.packet;

/** PINGRESP [MQTT-3.13]: a fixed header and nothing else. */
public record Pingresp() implements Packet {
    /** The only instance needed. */
    public static final Pingresp INSTANCE = new Pingresp();

    @Override
    public int type() {
        return Type.PINGRESP;
    }
}
