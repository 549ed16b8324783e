package dev.kite.mqtt;

/**
 * The outcome of {@link MqttClient#connect()}.
 *
 * @since 0.1
 */
public interface ConnectToken extends Token {
    /**
     * Returns the CONNACK return code of the last attempt.
     *
     * @return 0 when accepted, 1 to 5 when refused, -1 when no CONNACK was received
     */
    int returnCode();

    /**
     * Returns whether the broker resumed a session for this client.
     *
     * @return the CONNACK session present flag; {@code false} before completion
     */
    boolean sessionPresent();
}
