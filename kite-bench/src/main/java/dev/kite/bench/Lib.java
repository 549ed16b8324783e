package dev.kite.bench;

/** One MQTT client library as the end-to-end harness drives it. */
interface Lib {
    String name();

    /** Whether {@link Client#publish(String, byte[], int, Runnable)} is there. */
    default boolean callbacks() {
        return true;
    }

    /** Connects a clean-session client; QoS 1/2 publishes keep at most {@code window} in flight. */
    Client connect(String uri, String clientId, int window) throws Exception;

    /** A connected client. */
    interface Client extends AutoCloseable {
        /** Subscribes and waits for SUBACK; messages go to {@code receiver} on the library's thread. */
        void subscribe(String filter, int qos, Receiver receiver) throws Exception;

        /** Publishes; may block while the library (or the window) is full. */
        void publish(String topic, byte[] payload, int qos) throws Exception;

        /**
         * Publishes with a completion callback for this message, as an application that counts
         * its outstanding messages does: {@code done} runs (on a thread of the library's
         * choosing) once the library reports the message complete, with success or an error.
         * May block while the library is full; not every library has it (see {@link Lib#callbacks()}).
         */
        default void publish(String topic, byte[] payload, int qos, Runnable done) throws Exception {
            throw new UnsupportedOperationException("no completion callback per publish");
        }

        /** Pushes out what the client batches itself (the raw client); the libraries send on their own. */
        default void flush() throws Exception {
        }

        @Override
        void close();
    }

    /** Receives a message: its payload is {@code b[off, off+len)}, valid during the call. */
    interface Receiver {
        void message(byte[] b, int off, int len);
    }
}
