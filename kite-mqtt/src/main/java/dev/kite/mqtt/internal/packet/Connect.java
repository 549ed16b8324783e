package dev.kite.mqtt.internal.packet;

import dev.kite.mqtt.ProtocolVersion;
import java.util.Objects;

/**
 * CONNECT [MQTT-3.1].
 *
 * @param version protocol name and level
 * @param bridge whether the bridge bit (0x80) is set on the protocol level
 * @param cleanSession the clean session flag
 * @param keepAliveSeconds keep alive, 0 to 65535
 * @param clientId the client identifier, may be empty
 * @param will the will message, or {@code null}
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param properties the MQTT 5.0 properties; {@link Properties#EMPTY} under 3.1.1. Under 5.0
 *     {@code cleanSession} is the Clean Start flag.
 */
public record Connect(ProtocolVersion version, boolean bridge, boolean cleanSession, int keepAliveSeconds,
                      String clientId, Will will, String username, byte[] password, Properties properties)
        implements Packet {

    public Connect {
        Objects.requireNonNull(properties, "properties");
    }

    /** A CONNECT without properties, as MQTT 3.1 and 3.1.1 have it. */
    public Connect(ProtocolVersion version, boolean bridge, boolean cleanSession, int keepAliveSeconds,
                   String clientId, Will will, String username, byte[] password) {
        this(version, bridge, cleanSession, keepAliveSeconds, clientId, will, username, password, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.CONNECT;
    }

    /**
     * A will message carried in CONNECT.
     *
     * @param topic the will topic
     * @param payload the will payload
     * @param qos 0, 1 or 2
     * @param retained whether the will is retained
     * @param properties the MQTT 5.0 will properties (section 3.1.3.2); {@link Properties#EMPTY} under 3.1.1
     */
    public record Will(String topic, byte[] payload, int qos, boolean retained, Properties properties) {
        public Will {
            Objects.requireNonNull(properties, "properties");
        }

        /** A will without properties, as MQTT 3.1 and 3.1.1 have it. */
        public Will(String topic, byte[] payload, int qos, boolean retained) {
            this(topic, payload, qos, retained, Properties.EMPTY);
        }
    }

    @Override
    public String toString() {
        // Never the password [STYLE: no credentials in logs]
        return "Connect[version=" + version + ", bridge=" + bridge + ", cleanSession=" + cleanSession
                + ", keepAlive=" + keepAliveSeconds + ", clientId=" + clientId + ", will="
                + (will == null ? "none" : will.topic()) + ", username=" + (username == null ? "none" : "set")
                + ", password=" + (password == null ? "none" : "****")
                + (properties.isEmpty() ? "" : ", " + properties) + "]";
    }
}
