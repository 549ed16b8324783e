package dev.kite.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of an operation that completes later: connect, publish, subscribe, unsubscribe.
 *
 * <p>Every token completes: with success, with an error, or with an error saying the client
 * disconnected. Waiting on a token from inside a message handler is safe.
 *
 * <pre>{@code
 * Token t = client.publish("a/b", 1, false, "hello");
 * if (t.waitFor(Duration.ofSeconds(5)) && t.error() != null) { ... }
 * }</pre>
 *
 * @since 0.1
 */
public interface Token {
    /**
     * Waits until the operation completes.
     *
     * @return always {@code true}, once complete (as paho.mqtt.golang's {@code Wait})
     * @throws MqttClientException if the waiting thread is interrupted
     */
    boolean waitFor();

    /**
     * Waits until the operation completes or the timeout passes.
     *
     * @param timeout the longest time to wait
     * @return whether the operation completed in time
     * @throws MqttClientException if the waiting thread is interrupted
     */
    boolean waitFor(Duration timeout);

    /**
     * Tells whether the operation has completed.
     *
     * @return {@code true} once complete
     */
    boolean isDone();

    /**
     * Returns why the operation failed.
     *
     * @return the error, or {@code null} if it succeeded or is still running
     */
    Throwable error();

    /**
     * Waits for the operation and throws if it failed.
     *
     * @throws MqttException the error the operation completed with
     */
    void await();

    /**
     * Returns a future that completes with this token. Its dependent actions run on a thread of
     * the client's callback executor, never on a network thread.
     *
     * @return a new future; completing it does not affect the token
     */
    CompletableFuture<?> toCompletableFuture();
}
