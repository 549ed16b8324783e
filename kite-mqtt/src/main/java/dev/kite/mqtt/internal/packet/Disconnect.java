package dev.kite.mqtt.internal.packet;

import java.util.Objects;

/**
 * DISCONNECT [MQTT-3.14]: a fixed header and nothing else in MQTT 3.1.1; a reason code and
 * properties in MQTT 5.0, and sent by either side.
 *
 * @param reasonCode the MQTT 5.0 reason code (section 3.14.2.1); 0 (normal disconnection) under 3.1.1
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1
 */
public record Disconnect(int reasonCode, Properties properties) implements Packet {
    /** A normal disconnection without properties: the only DISCONNECT of 3.1.1. */
    public static final Disconnect INSTANCE = new Disconnect();

    public Disconnect {
        Objects.requireNonNull(properties, "properties");
    }

    /** A normal disconnection without properties. */
    public Disconnect() {
        this(0, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.DISCONNECT;
    }
}
