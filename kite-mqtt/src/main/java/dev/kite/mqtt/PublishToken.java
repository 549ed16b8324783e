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
