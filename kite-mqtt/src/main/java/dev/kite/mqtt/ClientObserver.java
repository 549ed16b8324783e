package dev.kite.mqtt;

import java.net.URI;

/**
 * Observes what a client does, for metrics and tracing: connects and their failures, lost
 * connections, messages published and received, and how long acknowledgements and handlers took.
 * Every method does nothing by default, so an observer implements only what it counts. Add one with
 * {@link ClientOptions#addObserver}; a client may have several, called in the order they were added.
 *
 * <pre>{@code
 * LongAdder received = new LongAdder();
 * ClientOptions opts = new ClientOptions().addBroker("tcp://127.0.0.1:1883")
 *         .addObserver(new ClientObserver() {
 *             public void received(MqttClient client, int qos, int payloadBytes) {
 *                 received.increment();
 *             }
 *         });
 * }</pre>
 *
 * <p>The methods are called on the client's own threads (the reader, the handler thread, the
 * publishing thread, the callback pool), never under the client's lock, and the client waits for
 * them: an observer must be quick, must not block and must not call the client (read
 * {@link MqttClient#stats()} and {@link MqttClient#state()} from elsewhere, when a metrics registry
 * asks). An observer that throws does not harm the client: the exception is caught, and logged the
 * first time only. A client without observers measures nothing: no clock is read and nothing is
 * allocated per message for them.
 *
 * @since 0.2
 */
public interface ClientObserver {
    /**
     * A connect attempt succeeded: the broker accepted the connection. Called on the callback
     * pool, in order with the other connection events (as are {@link #connectFailed} and
     * {@link #connectionLost}).
     *
     * @param client the client
     * @param broker the broker that accepted, without user information
     * @param reconnect whether the client had been connected before (a reconnect)
     */
    default void connected(MqttClient client, URI broker, boolean reconnect) {
    }

    /**
     * A connect attempt failed: every broker was tried and none accepted. With connect retry or
     * auto-reconnect the client tries again later, and each pass is reported.
     *
     * @param client the client
     * @param cause why the last broker failed
     * @param reconnect whether the client had been connected before (a reconnect)
     */
    default void connectFailed(MqttClient client, Throwable cause, boolean reconnect) {
    }

    /**
     * An established connection was lost (not by {@link MqttClient#disconnect}).
     *
     * @param client the client
     * @param cause why it was lost
     */
    default void connectionLost(MqttClient client, Throwable cause) {
    }

    /**
     * The client took a message to publish: it is written, or queued to be written once
     * connected. Reported once per {@code publish} call, not again when the message is resent
     * after a reconnect; a publish refused at the call (not connected, queue full) is reported
     * by {@link #publishCompleted} with its error only. Called on the publishing thread.
     *
     * @param client the client
     * @param qos the message's QoS, 0 to 2
     * @param payloadBytes the payload's length
     */
    default void published(MqttClient client, int qos, int payloadBytes) {
    }

    /**
     * A publish ended: written (QoS 0), acknowledged by PUBACK (QoS 1) or PUBCOMP (QoS 2), or
     * failed. Called off the network threads, shortly after the token completed.
     *
     * @param client the client
     * @param qos the message's QoS, 0 to 2
     * @param nanos nanoseconds from the {@code publish} call to the end
     * @param error why it failed, or {@code null} when it succeeded
     */
    default void publishCompleted(MqttClient client, int qos, long nanos, Throwable error) {
    }

    /**
     * A message arrived for the handlers: reported once per message delivered, before its
     * handlers run (a QoS 2 message the broker sends again is not reported twice). Called on the
     * reader thread.
     *
     * @param client the client
     * @param qos the message's QoS, 0 to 2
     * @param payloadBytes the payload's length
     */
    default void received(MqttClient client, int qos, int payloadBytes) {
    }

    /**
     * The handlers of one received message returned (or threw). Called on the thread that ran
     * them.
     *
     * @param client the client
     * @param nanos nanoseconds the message's handlers took together
     */
    default void handled(MqttClient client, long nanos) {
    }
}
