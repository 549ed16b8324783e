package dev.kite.mqtt;

/**
 * A message received from the broker.
 *
 * @since 0.1
 */
public interface Message {
    /** Returns the topic the message was published to. */
    String topic();

    /** Returns the payload; the array belongs to the caller. */
    byte[] payload();

    /** Returns the QoS it was delivered with, 0 to 2. */
    int qos();

    /** Returns whether the broker sent it as a retained message. */
    boolean retained();

    /** Returns whether the DUP flag was set: the broker may have sent it before. */
    boolean duplicate();

    /** Returns its packet id, 0 at QoS 0. */
    int messageId();

    /**
     * Returns the message's MQTT 5.0 properties: those its publisher set (expiry, payload format,
     * content type, response topic, correlation data, user properties) and the identifiers of the
     * subscriptions it matched ({@link MessageProperties#subscriptionIdentifiers()}).
     *
     * @return the properties; never null, {@link MessageProperties#NONE} under MQTT 3.1.1
     * @since 0.2
     */
    default MessageProperties properties() {
        return MessageProperties.NONE;
    }

    /**
     * Acknowledges the message (PUBACK at QoS 1, PUBREC at QoS 2). Kite calls it after the
     * handlers return unless auto-ack is disabled; calling it again does nothing.
     */
    void ack();
}
