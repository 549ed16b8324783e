package dev.kite.mqtt;

/**
 * Bytes received or about to be sent break a rule of the MQTT specification; the message names the packet and the rule.
 *
 * @since 0.1
 */
public class MqttProtocolException extends MqttException {
    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong
     */
    public MqttProtocolException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure, may be {@code null}
     */
    public MqttProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
