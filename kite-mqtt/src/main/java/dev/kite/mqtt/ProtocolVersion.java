package dev.kite.mqtt;

/**
 * The versions of MQTT that Kite speaks.
 *
 * @since 0.1
 */
public enum ProtocolVersion {
    /** MQTT 3.1: protocol name {@code MQIsdp}, level 3. */
    MQTT_3_1(3, "MQIsdp"),
    /** MQTT 3.1.1: protocol name {@code MQTT}, level 4. */
    MQTT_3_1_1(4, "MQTT"),
    /**
     * MQTT 5.0: protocol name {@code MQTT}, level 5.
     *
     * @since 0.2
     */
    MQTT_5(5, "MQTT");

    private final int level;
    private final String protocolName;

    ProtocolVersion(int level, String protocolName) {
        this.level = level;
        this.protocolName = protocolName;
    }

    /**
     * Returns the protocol level byte sent in CONNECT.
     *
     * @return 3, 4 or 5
     */
    public int level() {
        return level;
    }

    /**
     * Returns the protocol name sent in CONNECT.
     *
     * @return {@code "MQIsdp"} or {@code "MQTT"}
     */
    public String protocolName() {
        return protocolName;
    }

    /**
     * Returns the version for a protocol level.
     *
     * @param level the level byte, without the bridge bit
     * @return the version
     * @throws IllegalArgumentException if no version has that level
     */
    public static ProtocolVersion ofLevel(int level) {
        for (ProtocolVersion v : values()) {
            if (v.level == level) {
                return v;
            }
        }
        throw new IllegalArgumentException("protocol level " + level
                + ": must be 3 (MQTT 3.1), 4 (MQTT 3.1.1) or 5 (MQTT 5.0)");
    }
}
