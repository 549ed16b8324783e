package dev.kite.mqtt;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of a subscribe: completes on SUBACK.
 *
 * <p>Under MQTT 5.0 a SUBACK that refuses some of the filters completes the token normally,
 * {@link #result()} telling which filters were refused; one that refuses every filter fails it
 * with an {@link MqttServerException} (the first filter's reason code and the broker's reason
 * string), and {@link #result()} still maps each filter to its code. Under MQTT 3.1.1 a SUBACK
 * always completes the token, refused filters mapped to 0x80.
 *
 * @since 0.1
 */
public interface SubscribeToken extends Token {
    /**
     * Returns what the broker granted for each filter, in the order they were sent.
     *
     * @return filter to granted QoS (0 to 2) or the failure code (0x80 or more; under MQTT 5.0 the
     *     reason, such as 0x87 not authorized) for a refused filter; empty before completion
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
