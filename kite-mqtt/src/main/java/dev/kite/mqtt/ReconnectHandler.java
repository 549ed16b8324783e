package dev.kite.mqtt;

/**
 * Called before each reconnect attempt after a lost connection.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ReconnectHandler {
    /**
     * Reacts to a reconnect about to start.
     *
     * @param client the client
     * @param options the options the client runs with
     */
    void reconnecting(MqttClient client, ClientOptionsReader options);
}
