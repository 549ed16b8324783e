package dev.kite.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link MqttClient#connect()}.
 *
 * @since 0.1
 */
public interface ConnectToken extends Token {
    /**
     * Returns the CONNACK return code of the last attempt: under MQTT 5.0 its reason code.
     *
     * @return 0 when accepted, 1 to 5 when refused under 3.1.1, 0x80 and above when refused
     *     under 5.0, -1 when no CONNACK was received
     */
    int returnCode();

    /**
     * Returns what the broker said in its CONNACK under MQTT 5.0: its limits (receive maximum,
     * maximum packet size, topic alias maximum, maximum QoS), the features it offers, the client
     * identifier it assigned, its keep alive, and for a refusal its reason string. Set before the
     * token completes, also when the connect was refused.
     *
     * <pre>{@code
     * ConnectToken t = client.connect();
     * t.await();
     * String id = t.connack().assignedClientId().orElse(clientId);
     * }</pre>
     *
     * @return the CONNACK's properties; {@link ConnackProperties#DEFAULTS} under 3.1 and 3.1.1,
     *     and before a CONNACK was received
     * @since 0.2
     */
    ConnackProperties connack();

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
