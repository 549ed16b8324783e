package dev.kite.mqtt.transport;

import java.util.Objects;

/**
 * Settings of the WebSocket transport ({@code ws} and {@code wss} schemes), carried by the JDK's
 * {@code java.net.http.WebSocket}.
 *
 * <pre>{@code
 * opts.setWebsocketOptions(new WebsocketOptions(64 * 1024, 16 * 1024)
 *         .withProxy(ProxyConfig.http("proxy.example", 3128)));
 * }</pre>
 *
 * @param readBufferSize bytes received from the broker and not yet read by the client before
 *     Kite stops requesting WebSocket messages (flow control); 0 for the default, 64 KiB
 * @param writeBufferSize the largest binary message Kite sends; longer writes are split; 0 for
 *     the default, 64 KiB
 * @param proxy the HTTP proxy the WebSocket handshake goes through ({@code CONNECT}), or
 *     {@link ProxyConfig#NONE}; the JDK's HTTP client cannot tunnel through SOCKS, nor send
 *     basic proxy credentials without a JVM-wide setting, so neither is accepted here
 * @since 0.1
 */
public record WebsocketOptions(int readBufferSize, int writeBufferSize, ProxyConfig proxy) {
    /** The buffer size used for a size of 0. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a size is negative, or the proxy is SOCKS or has
     *     credentials
     */
    public WebsocketOptions {
        if (readBufferSize < 0 || writeBufferSize < 0) {
            throw new IllegalArgumentException("websocket buffer sizes must be >= 0, got "
                    + readBufferSize + " and " + writeBufferSize);
        }
        Objects.requireNonNull(proxy, "proxy");
        if (proxy.type() == ProxyConfig.Type.SOCKS5) {
            throw new IllegalArgumentException("websocket proxy " + proxy
                    + ": only an HTTP proxy can carry WebSocket (the JDK's HTTP client has no SOCKS)");
        }
        if (proxy.username() != null) {
            throw new IllegalArgumentException("websocket proxy " + proxy
                    + ": proxy credentials are not supported for ws/wss");
        }
    }

    /**
     * Creates settings without a proxy.
     *
     * @param readBufferSize see the record's description
     * @param writeBufferSize see the record's description
     * @throws IllegalArgumentException if a size is negative
     */
    public WebsocketOptions(int readBufferSize, int writeBufferSize) {
        this(readBufferSize, writeBufferSize, ProxyConfig.NONE);
    }

    /** Returns the defaults: 64 KiB buffers, no proxy. */
    public static WebsocketOptions defaults() {
        return new WebsocketOptions(0, 0);
    }

    /**
     * Returns a copy with an HTTP proxy for the WebSocket connection.
     *
     * @param httpProxy the proxy
     * @return the copy
     * @throws IllegalArgumentException if the proxy is SOCKS or has credentials
     */
    public WebsocketOptions withProxy(ProxyConfig httpProxy) {
        return new WebsocketOptions(readBufferSize, writeBufferSize, httpProxy);
    }

    /** Returns the read buffer size in effect (the default for 0). */
    public int effectiveReadBufferSize() {
        return readBufferSize == 0 ? DEFAULT_BUFFER_SIZE : readBufferSize;
    }

    /** Returns the write buffer size in effect (the default for 0). */
    public int effectiveWriteBufferSize() {
        return writeBufferSize == 0 ? DEFAULT_BUFFER_SIZE : writeBufferSize;
    }
}
