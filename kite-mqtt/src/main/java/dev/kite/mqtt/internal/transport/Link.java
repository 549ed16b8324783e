package dev.kite.mqtt.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open byte stream to a broker, whatever carries it (TCP, TLS, WebSocket, a Unix socket, a
 * proxy tunnel). Closing it from any thread unblocks a reader and a writer blocked on it.
 */
public interface Link extends AutoCloseable {
    /** Returns the stream of bytes from the broker. */
    InputStream input();

    /** Returns the stream of bytes to the broker (unbuffered: callers buffer). */
    OutputStream output();

    /** Returns a description for logs, such as {@code tcp://127.0.0.1:1883}. */
    String describe();

    /**
     * Tells the broker nothing more will be sent, where the transport can say so while still
     * reading (a TCP or Unix socket's half-close); does nothing otherwise.
     */
    default void shutdownOutput() {
    }

    /** Closes the link; safe to call more than once and from any thread. */
    @Override
    void close();

    /** A failure to open a link, with the reason in terms a user can act on. */
    final class OpenException extends IOException {
        /**
         * Creates the exception.
         *
         * @param message what failed
         * @param cause the underlying failure
         */
        public OpenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
