package dev.kite.mqtt;

/**
 * The root of every error Kite reports. Its subclasses say who failed: the network
 * ({@link MqttConnectionException}), the broker ({@link MqttServerException}), the bytes on the
 * wire ({@link MqttProtocolException}) or the client's own state ({@link MqttClientException}).
 *
 * @since 0.1
 */
public class MqttException extends RuntimeException {
    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public MqttException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, may be {@code null}
     */
    public MqttException(String message, Throwable cause) {
        super(message, cause);
    }
}
