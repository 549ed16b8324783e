package dev.kite.mqtt.internal.packet;

import dev.kite.mqtt.ProtocolVersion;

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
 */
public record Connect(ProtocolVersion version, boolean bridge, boolean cleanSession, int keepAliveSeconds,
                      String clientId, Will will, String username, byte[] password) implements Packet {

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
     */
    public record Will(String topic, byte[] payload, int qos, boolean retained) {
    }

    @Override
    public String toString() {
        // Never the password [STYLE: no credentials in logs]
        return "Connect[version=" + version + ", bridge=" + bridge + ", cleanSession=" + cleanSession
                + ", keepAlive=" + keepAliveSeconds + ", clientId=" + clientId + ", will="
                + (will == null ? "none" : will.topic()) + ", username=" + (username == null ? "none" : "set")
                + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
