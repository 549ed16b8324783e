package dev.kite.mqtt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of a subscribe: completes on SUBACK.
 *
 * @since 0.1
 */
public interface SubscribeToken extends Token {
    /**
     * Returns what the broker granted for each filter, in the order they were sent.
     *
     * @return filter to granted QoS (0 to 2) or 0x80 for a refused filter; empty before completion
     */
    Map<String, Integer> result();

    /**
     * Returns a future that completes on SUBACK with what {@link #result()} returns then (filter
     * to granted QoS, or 0x80 for a refused filter), or exceptionally with the error of
     * {@link #error()}. Dependents run as {@link Token#toCompletableFuture()} says.
     *
     * @return a new future
     * @since 0.1
     */
    @Override
    CompletableFuture<Map<String, Integer>> toCompletableFuture();
}
