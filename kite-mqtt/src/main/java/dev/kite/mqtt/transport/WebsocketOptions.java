package dev.kite.mqtt.transport;

/**
 * Settings of the WebSocket transport ({@code ws} and {@code wss} schemes).
 *
 * @param readBufferSize bytes read at a time, 0 for the default
 * @param writeBufferSize bytes written in one frame at most, 0 for the default
 * @since 0.1
 */
public record WebsocketOptions(int readBufferSize, int writeBufferSize) {
    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a size is negative
     */
    public WebsocketOptions {
        if (readBufferSize < 0 || writeBufferSize < 0) {
            throw new IllegalArgumentException("websocket buffer sizes must be >= 0, got "
                    + readBufferSize + " and " + writeBufferSize);
        }
    }

    /** Returns the defaults. */
    public static WebsocketOptions defaults() {
        return new WebsocketOptions(0, 0);
    }
}
