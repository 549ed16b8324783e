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
     * Returns a future that completes when this token does. Its dependent actions run on a thread
     * of the client's callback executor, never on the connection's reader or writer thread. (As
     * with any {@link CompletableFuture}, an action added after the future completed runs on the
     * thread that adds it, and a thread waiting in {@code get()} or {@code join()} may help run
     * the actions added before.) A failed operation completes the future exceptionally with the
     * same error as {@link #error()}, not wrapped.
     *
     * <p>The subtypes narrow the type: {@code CompletableFuture<Void>} for a publish
     * ({@link PublishToken}) or an unsubscribe ({@link UnsubscribeToken}), the token itself for a
     * connect ({@link ConnectToken}), the granted QoS per filter for a subscribe
     * ({@link SubscribeToken}).
     *
     * <pre>{@code
     * CompletableFuture<Void> f = client.publish("a/b", 1, false, "hello").toCompletableFuture();
     * f.whenComplete((v, e) -> { if (e != null) log.warn("not delivered", e); });
     * }</pre>
     *
     * @return a new future; completing or cancelling it does not affect the token
     */
    CompletableFuture<?> toCompletableFuture();
}
