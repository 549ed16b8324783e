package dev.kite.mqtt;

/**
 * The outcome of a publish. It completes when the message is written (QoS 0), acknowledged with
 * PUBACK (QoS 1) or PUBCOMP (QoS 2); across a reconnect it stays pending and follows the resent
 * message.
 *
 * @since 0.1
 */
public interface PublishToken extends Token {
    /**
     * Returns the packet id the message was sent with.
     *
     * @return the id, or 0 at QoS 0 or before the message entered the in-flight window
     */
    int messageId();
}
