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

    /** MQTT 5.0: the reason code of the acknowledgement that ended the flow (PUBACK, or PUBREC at QoS 2). */
    default void reasonCode(int code) {
    }

    /**
     * The flow failed with a result all the same: a SUBACK or UNSUBACK whose every reason code is
     * a refusal, with those codes as {@code result}.
     */
    default void fail(Object result, Throwable error) {
        fail(error);
    }
}
