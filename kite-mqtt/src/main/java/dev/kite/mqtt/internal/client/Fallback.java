package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttException;

/**
 * Signals a failure after which the same broker is worth trying with the next version: the
 * {@link Connector}'s, apart so that it stays one reading's length.
 */
final class Fallback extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the broker answered. */
    final transient MqttException error;

    Fallback(MqttException error) {
        super(null, null, false, false);
        this.error = error;
    }
}
