package dev.kite.mqtt;

/**
 * The client cannot do what was asked in its current state: it is disconnected, closed, out of packet ids, or a buffer is full.
 *
 * @since 0.1
 */
public class MqttClientException extends MqttException {
    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public MqttClientException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, may be {@code null}
     */
    public MqttClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
