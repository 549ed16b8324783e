package dev.kite.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link MqttClient#connect()}.
 *
 * @since 0.1
 */
public interface ConnectToken extends Token {
    /**
     * Returns the CONNACK return code of the last attempt.
     *
     * @return 0 when accepted, 1 to 5 when refused, -1 when no CONNACK was received
     */
    int returnCode();

    /**
     * Returns whether the broker resumed a session for this client.
     *
     * @return the CONNACK session present flag; {@code false} before completion
     */
    boolean sessionPresent();

    /**
     * Returns a future that completes with this token once the broker accepted the connection,
     * so {@code returnCode()} (0) and {@code sessionPresent()} are read from the value; a refused
     * or failed connect completes it exceptionally (a refusal with
     * {@link ConnectionRefusedException}, whose code is the CONNACK's). Dependents run as
     * {@link Token#toCompletableFuture()} says.
     *
     * <pre>{@code
     * client.connect().toCompletableFuture()
     *         .thenAccept(c -> resume(c.sessionPresent()));
     * }</pre>
     *
     * @return a new future
     * @since 0.1
     */
    @Override
    CompletableFuture<ConnectToken> toCompletableFuture();
}
