package dev.kite.mqtt;

/**
 * Bytes received or about to be sent break a rule of the MQTT specification; the message names the packet and the rule.
 *
 * <p>Under MQTT 5.0 the client tells the broker why it closes the connection:
 * {@link #reasonCode()} is the reason code its DISCONNECT carries, 0x81 (malformed packet) for
 * bytes that cannot be parsed, 0x82 (protocol error) for a parsed packet that breaks a rule,
 * or a more specific code such as 0x94 (topic alias invalid).
 *
 * @since 0.1
 */
public class MqttProtocolException extends MqttException {
    private final int reasonCode;

    /**
     * Creates an exception with a message, for a malformed packet (reason code 0x81).
     *
     * @param message what went wrong
     */
    public MqttProtocolException(String message) {
        this(message, ReasonCode.MALFORMED_PACKET.code(), null);
    }

    /**
     * Creates an exception with a message and the cause, for a malformed packet (reason code 0x81).
     *
     * @param message what went wrong
     * @param cause the underlying failure, may be {@code null}
     */
    public MqttProtocolException(String message, Throwable cause) {
        this(message, ReasonCode.MALFORMED_PACKET.code(), cause);
    }

    /**
     * Creates an exception with a message and the MQTT 5.0 reason code it calls for.
     *
     * @param message what went wrong
     * @param reasonCode the reason code of the DISCONNECT the client sends, 0x80 to 0xFF
     * @param cause the underlying failure, may be {@code null}
     * @throws IllegalArgumentException if {@code reasonCode} is not 0x80 to 0xFF
     * @since 0.2
     */
    public MqttProtocolException(String message, int reasonCode, Throwable cause) {
        super(message, cause);
        if (reasonCode < 0x80 || reasonCode > 0xFF) {
            throw new IllegalArgumentException("reason code 0x" + Integer.toHexString(reasonCode)
                    + ": a protocol error's code must be 0x80 to 0xFF (section 2.4)");
        }
        this.reasonCode = reasonCode;
    }

    /**
     * Returns the MQTT 5.0 reason code of the DISCONNECT the client sends before it closes the
     * connection: 0x81 (malformed packet), 0x82 (protocol error) or a more specific one.
     *
     * @return the reason code, 0x80 to 0xFF
     * @since 0.2
     */
    public int reasonCode() {
        return reasonCode;
    }
}
