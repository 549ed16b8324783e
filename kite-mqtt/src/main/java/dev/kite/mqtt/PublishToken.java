package dev.kite.mqtt;

import java.util.concurrent.CompletableFuture;

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

    /**
     * Returns the reason code of the broker's acknowledgement under MQTT 5.0: the PUBACK's at
     * QoS 1, the PUBREC's at QoS 2. Codes below 0x80 are successes, such as 0x10 (no matching
     * subscribers: the broker took the message, nobody receives it). A code of 0x80 or more means
     * the broker refused the message: the token then fails with an {@link MqttServerException}
     * carrying the same code, and the message is not sent again.
     *
     * <pre>{@code
     * PublishToken t = client.publish("a/b", 1, false, payload, MessageProperties.NONE);
     * t.await();
     * if (t.reasonCode() == ReasonCode.NO_MATCHING_SUBSCRIBERS.code()) { ... }
     * }</pre>
     *
     * @return the code, 0 (success) before completion, at QoS 0 and under MQTT 3.1.1
     * @since 0.2
     */
    int reasonCode();

    /**
     * Returns a future that completes with {@code null} when this token does (see the class
     * comment for when), or exceptionally with the error of {@link #error()}. Dependents run as
     * {@link Token#toCompletableFuture()} says.
     *
     * <pre>{@code
     * CompletableFuture<Void> f = client.publish("a/b", 1, false, "hello").toCompletableFuture();
     * }</pre>
     *
     * @return a new future
     * @since 0.1
     */
    @Override
    CompletableFuture<Void> toCompletableFuture();
}
