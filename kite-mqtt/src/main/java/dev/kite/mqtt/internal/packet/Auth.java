package dev.kite.mqtt.internal.packet;

import java.util.Objects;

/**
 * AUTH, MQTT 5.0 only [MQTT-3.15]: a step of enhanced authentication, in either direction.
 *
 * @param reasonCode 0x00 (success), 0x18 (continue authentication) or 0x19 (re-authenticate)
 * @param properties the authentication method and data, reason string, user properties
 */
public record Auth(int reasonCode, Properties properties) implements Packet {
    public Auth {
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public int type() {
        return Type.AUTH;
    }
}
