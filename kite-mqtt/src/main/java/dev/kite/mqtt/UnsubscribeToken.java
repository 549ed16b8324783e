package dev.kite.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link MqttClient#unsubscribe(String...)}: completes on UNSUBACK.
 *
 * @since 0.1
 */
public interface UnsubscribeToken extends Token {
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
