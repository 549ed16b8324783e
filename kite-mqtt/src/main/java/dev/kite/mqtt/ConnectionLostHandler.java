package dev.kite.mqtt;

/**
 * Called when an established connection is lost unexpectedly (not after {@code disconnect}).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionLostHandler {
    /**
     * Reacts to a lost connection.
     *
     * @param client the client
     * @param cause why the connection was lost
     */
    void connectionLost(MqttClient client, Throwable cause);
}
