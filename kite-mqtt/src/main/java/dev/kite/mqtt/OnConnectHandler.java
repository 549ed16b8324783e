package dev.kite.mqtt;

/**
 * Called after every successful connect, the first and each reconnect.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface OnConnectHandler {
    /**
     * Reacts to a new connection.
     *
     * @param client the connected client
     */
    void onConnect(MqttClient client);
}
