package dev.kite.mqtt;

/**
 * The network failed: a connection could not be opened, was closed, or an operation on it timed out.
 *
 * @since 0.1
 */
public class MqttConnectionException extends MqttException {
    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public MqttConnectionException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, may be {@code null}
     */
    public MqttConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
