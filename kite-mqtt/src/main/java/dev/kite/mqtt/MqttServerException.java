package dev.kite.mqtt;

import java.util.Optional;

/**
 * The broker refused a request: it carries the return or reason code the broker sent and, under
 * MQTT 5.0, the broker's reason string and server reference when it sent them.
 *
 * @since 0.1
 */
public class MqttServerException extends MqttException {
    private final int code;
    private final String reasonString;
    private final String serverReference;

    /**
     * Creates an exception for a refusal.
     *
     * @param message what the broker refused
     * @param code the return or reason code from the broker's packet
     */
    public MqttServerException(String message, int code) {
        this(message, code, null, null);
    }

    /**
     * Creates an exception for a refusal by an MQTT 5.0 broker.
     *
     * @param message what the broker refused
     * @param code the reason code from the broker's packet
     * @param reasonString the broker's Reason String property, or {@code null} if it sent none
     * @param serverReference the broker's Server Reference property, or {@code null} if it sent none
     * @since 0.2
     */
    public MqttServerException(String message, int code, String reasonString, String serverReference) {
        super(message);
        this.code = code;
        this.reasonString = reasonString;
        this.serverReference = serverReference;
    }

    /**
     * Returns the return code (MQTT 3.1/3.1.1) or reason code (MQTT 5.0) the broker sent.
     *
     * @return the code, 0 to 255
     */
    public int code() {
        return code;
    }

    /**
     * Returns the human-readable reason the broker gave (the Reason String property of MQTT 5.0).
     *
     * @return the reason, or empty if the broker sent none (always under MQTT 3.1.1)
     * @since 0.2
     */
    public Optional<String> reasonString() {
        return Optional.ofNullable(reasonString);
    }

    /**
     * Returns the other server the broker pointed to (the Server Reference property of MQTT 5.0),
     * sent with reason codes 0x9C (use another server) and 0x9D (server moved).
     *
     * @return the reference, or empty if the broker sent none
     * @since 0.2
     */
    public Optional<String> serverReference() {
        return Optional.ofNullable(serverReference);
    }
}
