package dev.kite.mqtt;

/**
 * Told of every change of a client's {@link ConnectionState}, in order, on a callback thread.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionStateListener {
    /**
     * Reacts to a state change.
     *
     * @param client the client
     * @param from the state before
     * @param to the state now
     */
    void stateChanged(MqttClient client, ConnectionState from, ConnectionState to);
}
