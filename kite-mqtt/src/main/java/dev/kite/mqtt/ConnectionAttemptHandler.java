package dev.kite.mqtt;

import dev.kite.mqtt.transport.TlsConfig;
import java.net.URI;

/**
 * Called before each attempt to connect to each broker; may choose the TLS configuration for
 * that attempt (paho.mqtt.golang's {@code OnConnectAttempt}).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionAttemptHandler {
    /**
     * Chooses the TLS configuration for one attempt.
     *
     * @param broker the broker about to be tried, without the user information of its address
     * @param tlsConfig the configured TLS settings, or {@code null}
     * @return the TLS settings to use for this attempt, or {@code null} for none
     */
    TlsConfig attempt(URI broker, TlsConfig tlsConfig);
}
