package dev.kite.mqtt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link MqttClient#unsubscribe(String...)}: completes on UNSUBACK.
 *
 * @since 0.1
 */
public interface UnsubscribeToken extends Token {
    /**
     * Returns the UNSUBACK's reason code for each filter, in the order they were sent (MQTT 5.0):
     * 0 (success), 0x11 (no subscription existed, also a success) or a failure code of 0x80 or
     * more. An UNSUBACK that refuses every filter fails the token with an
     * {@link MqttServerException}; one that refuses some completes it, this map telling which.
     *
     * @return filter to reason code; every filter maps to 0 under MQTT 3.1.1, whose UNSUBACK has
     *     no codes; empty before completion
     * @since 0.2
     */
    Map<String, Integer> result();

    /**
     * Returns a future that completes with {@code null} on UNSUBACK, or exceptionally with the
     * error of {@link #error()}. Dependents run as {@link Token#toCompletableFuture()} says.
     *
     * @return a new future
     * @since 0.1
     */
    @Override
    CompletableFuture<Void> toCompletableFuture();
}
