package dev.kite.mqtt;

/**
 * Where a client is in its connection life.
 *
 * @since 0.1
 */
public enum ConnectionState {
    /** Not connected and not trying to be. */
    DISCONNECTED,
    /** The first connect is in progress (including connect retries). */
    CONNECTING,
    /** Connected: packets flow. */
    CONNECTED,
    /** The connection was lost; waiting before the next reconnect attempt. */
    DISCONNECTED_RECONNECT,
    /** A reconnect attempt is in progress. */
    CONNECTING_RECONNECT,
    /** {@code disconnect} is in progress. */
    DISCONNECTING
}
