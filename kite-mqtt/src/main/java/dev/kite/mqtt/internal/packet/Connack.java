package dev.kite.mqtt.internal.packet;

import java.util.Objects;

/**
 * CONNACK [MQTT-3.2].
 *
 * @param sessionPresent the session present flag
 * @param returnCode 0 for accepted; 1 to 5 for refusals in 3.1.1; in 5.0 the reason code,
 *     0x80 and above for refusals (section 3.2.2.2)
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1
 */
public record Connack(boolean sessionPresent, int returnCode, Properties properties) implements Packet {
    public Connack {
        Objects.requireNonNull(properties, "properties");
    }

    /** A CONNACK without properties, as MQTT 3.1.1 has them. */
    public Connack(boolean sessionPresent, int returnCode) {
        this(sessionPresent, returnCode, Properties.EMPTY);
    }

    /** Returns the return code, which MQTT 5.0 calls the reason code. */
    @Override
    public int reasonCode() {
        return returnCode;
    }

    @Override
    public int type() {
        return Type.CONNACK;
    }
}
