package dev.kite.mqtt;

/**
 * The broker answered CONNECT with a CONNACK that refused the connection.
 *
 * <p>{@link #code()} is the CONNACK return code (1 to 5 in MQTT 3.1.1) and the message says what
 * it means, for example {@code "connection refused by tcp://127.0.0.1:1883: bad user name or
 * password (return code 4)"}.
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
