package dev.kite.mqtt.internal.packet;

/** DISCONNECT [MQTT-3.14]: a fixed header and nothing else. */
public record Disconnect() implements Packet {
    /** The only instance needed. */
    public static final Disconnect INSTANCE = new Disconnect();

    @Override
    public int type() {
        return Type.DISCONNECT;
    }
}
