package dev.kite.mqtt;

/**
 * The broker answered CONNECT with a CONNACK that refused the connection.
 *
 * <p>{@link #code()} is the CONNACK return code (1 to 5 in MQTT 3.1.1) or reason code (0x80 and
 * above in MQTT 5.0) and the message says what it means, for example {@code "connection refused
 * by tcp://127.0.0.1:1883: bad user name or password (return code 4)"}. Under 5.0
 * {@link #reasonString()} and {@link #serverReference()} hold what the broker sent with it.
 *
 * @since 0.1
 */
public class ConnectionRefusedException extends MqttServerException {
    /**
     * Creates the exception for a refused CONNACK.
     *
     * @param broker the broker that refused, as given to {@code addBroker}
     * @param returnCode the CONNACK return code
     */
    public ConnectionRefusedException(String broker, int returnCode) {
        super("connection refused by " + broker + ": " + describe(returnCode)
                + " (return code " + returnCode + ")", returnCode);
    }

    /**
     * Creates the exception for a refused CONNACK of a given protocol version.
     *
     * @param broker the broker that refused, as given to {@code addBroker}
     * @param version the version the CONNECT spoke; under {@link ProtocolVersion#MQTT_5} a
     *     code below 0x80 is the return code of a 3.1.1 broker that does not speak 5.0
     * @param code the CONNACK return or reason code
     * @param reasonString the broker's Reason String, or {@code null}
     * @param serverReference the broker's Server Reference, or {@code null}
     * @since 0.2
     */
    public ConnectionRefusedException(String broker, ProtocolVersion version, int code, String reasonString,
                                      String serverReference) {
        super("connection refused by " + broker + ": " + describe(version, code, reasonString, serverReference),
                code, reasonString, serverReference);
    }

    private static String describe(ProtocolVersion version, int code, String reasonString, String serverReference) {
        if (version != ProtocolVersion.MQTT_5) {
            return describe(code) + " (return code " + code + ")";
        }
        if (code < 0x80) {
            // [MQTT-3.1.2-2] a 3.1.1 broker answers an unknown level with return code 1 and closes
            return "the broker does not speak MQTT 5.0: it answered with the MQTT 3.1.1 return code " + code
                    + " (" + describe(code) + ")";
        }
        String text = ReasonCode.name(code) + " (reason code 0x" + Integer.toHexString(code) + ")";
        if (code == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION.code()) {
            text += ": the broker does not speak MQTT 5.0";
        }
        if (reasonString != null) {
            text += ": '" + reasonString + "'";
        }
        if (serverReference != null) {
            text += " (server reference '" + serverReference + "')";
        }
        return text;
    }

    /**
     * Returns what a CONNACK return code of MQTT 3.1 / 3.1.1 means.
     *
     * @param returnCode the code
     * @return a short English description
     */
    public static String describe(int returnCode) {
        return switch (returnCode) {
            case 0 -> "connection accepted";
            case 1 -> "unacceptable protocol version";
            case 2 -> "client identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorised";
            default -> "unknown return code";
        };
    }
}
