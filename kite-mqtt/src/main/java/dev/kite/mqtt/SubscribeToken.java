package dev.kite.mqtt;

import java.util.Map;

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
}
