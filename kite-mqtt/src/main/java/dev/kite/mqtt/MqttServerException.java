package dev.kite.mqtt;

/**
 * The broker refused a request: it carries the return or reason code the broker sent.
 *
 * @since 0.1
 */
public class MqttServerException extends MqttException {
    private final int code;

    /**
     * Creates an exception for a refusal.
     *
     * @param message what the broker refused
     * @param code the return or reason code from the broker's packet
     */
    public MqttServerException(String message, int code) {
        super(message);
        this.code = code;
    }

    /**
     * Returns the return code (MQTT 3.1/3.1.1) or reason code (MQTT 5.0) the broker sent.
     *
     * @return the code, 0 to 255
     */
    public int code() {
        return code;
    }
}
