package dev.kite.mqtt.internal.session;

/**
 * What the session completes when a flow ends: a token, seen from the session. Implementations
 * must not run user code in these methods.
 */
public interface Completion {
    /** For a flow nobody waits for: one restored from the store, a resubscribe, an abandoned request. */
    Completion NONE = new Completion() {
        @Override
        public void complete(Object result) {
        }

        @Override
        public void fail(Throwable error) {
        }
    };

    /** The flow ended well; {@code result} is flow-specific (granted QoS list for SUBACK). */
    void complete(Object result);

    /** The flow failed. */
    void fail(Throwable error);

    /** The flow's message took this packet id. */
    default void packetId(int id) {
    }
}
