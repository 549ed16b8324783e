package dev.kite.mqtt.internal.transport;

import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import dev.kite.mqtt.transport.WebsocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What opening a link needs from the options, for one attempt.
 *
 * @param tls TLS settings for TLS schemes and {@code wss}, or {@code null} for the JVM defaults
 * @param proxy the proxy for {@code tcp} and TLS schemes, or {@code null} to read
 *     {@code all_proxy} / {@code no_proxy} from the environment as paho.mqtt.golang does
 * @param httpHeaders headers of the WebSocket upgrade request
 * @param websocket WebSocket settings
 * @param timeout the bound on the whole opening: connect, proxy handshake, TLS handshake, upgrade
 */
public record Dial(TlsConfig tls, ProxyConfig proxy, Map<String, List<String>> httpHeaders,
        WebsocketOptions websocket, Duration timeout) {
    /**
     * Fills defaults for missing settings.
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public Dial {
        httpHeaders = httpHeaders == null ? Map.of() : httpHeaders;
        websocket = websocket == null ? WebsocketOptions.defaults() : websocket;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + timeout);
        }
    }

    /**
     * Returns settings with only a timeout: JVM TLS defaults, proxy from the environment.
     *
     * @param timeout the bound on opening
     * @return the settings
     */
    public static Dial of(Duration timeout) {
        return new Dial(null, null, Map.of(), WebsocketOptions.defaults(), timeout);
    }
}
