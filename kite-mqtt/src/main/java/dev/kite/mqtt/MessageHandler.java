package dev.kite.mqtt;

/**
 * Receives messages that arrive on a subscription or route.
 *
 * <p>Handlers run on the client's dispatcher thread, never on a network thread. When order
 * matters (the default) they are called one at a time in arrival order. A handler may publish
 * and wait for the token. An exception thrown by a handler is logged and the message is still
 * acknowledged.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message.
     *
     * @param client the client that received it
     * @param message the message
     */
    void handle(MqttClient client, Message message);
}
