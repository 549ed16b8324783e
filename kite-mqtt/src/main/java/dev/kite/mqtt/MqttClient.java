package dev.kite.mqtt;

import dev.kite.mqtt.internal.client.ClientConfig;
import dev.kite.mqtt.internal.client.MessageStream;
import dev.kite.mqtt.internal.client.RealMqttClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * An MQTT client: connects to one of its brokers, publishes, subscribes and routes received
 * messages to handlers. Every operation returns a {@link Token} at once and completes in the
 * background. Safe for use from many threads, handlers included.
 *
 * <pre>{@code
 * try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1883"))) {
 *     c.connect().await();
 *     c.subscribe("a/#", 1, (client, msg) -> log.info("{}", msg.topic())).await();
 *     c.publish("a/b", 1, false, "hello").await();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface MqttClient extends AutoCloseable {

    /**
     * Creates a client from a snapshot of the options; later changes to {@code options} do not
     * reach it. Nothing is opened until {@link #connect()}.
     *
     * @param options the options
     * @return a new client
     * @throws IllegalArgumentException if the options cannot work together, for example an empty
     *     client id without a clean session under MQTT 3.1.1
     */
    static MqttClient create(ClientOptions options) {
        ClientConfig config = options.freeze();
        if (config.clientId().isEmpty() && !config.cleanSession() && config.protocolVersion() != 5) {
            // [MQTT-3.1.3-7] a zero-byte client id needs CleanSession set to 1; 5.0 lifts the rule
            // (section 3.1.3.1): the broker assigns an id, and reconnects use it
            throw new IllegalArgumentException("clientId is empty: an empty client id needs cleanSession true"
                    + " (or MQTT 5.0: setProtocolVersion(5))");
        }
        if ((config.protocolVersion() & 0x7F) == 3 && config.clientId().length() > 23) {
            // MQTT 3.1 section 3.1: the client identifier is 1 to 23 characters
            throw new IllegalArgumentException("clientId '" + config.clientId() + "' has "
                    + config.clientId().length() + " characters: MQTT 3.1 (protocol version 3) allows at most 23");
        }
        return new RealMqttClient(config, options.password(), options.brokersWithUserInfo());
    }

    /**
     * Connects in the background: tries each broker in order until one accepts. After
     * {@link #disconnect} it connects again, the session as after a reconnect (what was queued
     * meanwhile is sent, a persistent session resends its unacknowledged publishes); a call made
     * while a {@code disconnect} runs waits for it.
     *
     * @return a token that completes when connected or, when every broker failed, with the first
     *     broker's error, the other brokers' errors suppressed in it
     * @throws IllegalStateException after {@link #close()}
     */
    ConnectToken connect();

    /**
     * Disconnects: waits up to {@code quiesceMillis} for in-flight work, sends DISCONNECT and
     * closes the connection, and stops reconnecting. With a clean session it completes open
     * tokens with an error; a persistent session keeps its unacknowledged publishes to resend.
     * Returns when the client's threads have stopped. {@link #connect()} starts the client again;
     * meanwhile publishes, subscribes and unsubscribes queue for it. {@link #close()} ends it.
     *
     * <p>In-flight work is both ways: the QoS 1/2 publishes, subscribes and unsubscribes sent,
     * and the QoS 1/2 messages received before this call. Those still run through their handlers,
     * are acknowledged, and QoS 2 ones wait for the broker's PUBREL and get their PUBCOMP, so a
     * persistent session does not deliver them again. Messages arriving after this call are
     * neither handed to a handler nor acknowledged; the broker keeps them for a persistent
     * session. With {@link ClientOptions#setAutoAckDisabled} a received message the application
     * has not acknowledged keeps the wait going until {@code quiesceMillis} pass. Called from a
     * message handler, it does not wait.
     *
     * @param quiesceMillis the longest wait for in-flight work, in milliseconds
     * @throws IllegalArgumentException if {@code quiesceMillis} is negative
     */
    default void disconnect(long quiesceMillis) {
        disconnect(quiesceMillis, Disconnection.NORMAL);
    }

    /**
     * Disconnects as {@link #disconnect(long)} does, with an MQTT 5.0 DISCONNECT that says how:
     * its reason code, and a new session expiry interval, a reason string and user properties
     * where set (section 3.14). {@link Disconnection#WITH_WILL} (0x04) makes the broker publish
     * the will message; {@code withSessionExpiry(Duration.ZERO)} ends a persistent session with
     * the connection. The argument is checked before anything is closed. With no connection
     * open, nothing is sent. For example
     * {@code client.disconnect(250, Disconnection.WITH_WILL.withReasonString("maintenance"))}.
     *
     * @param quiesceMillis the longest wait for in-flight work, in milliseconds
     * @param how the reason code and properties; {@link Disconnection#NORMAL} for a plain DISCONNECT
     * @throws IllegalArgumentException if {@code quiesceMillis} is negative, {@code how} is null, or
     *     {@code how} sets a non-zero session expiry interval where the CONNECT set 0 (a protocol
     *     error, section 3.14.2.2.2: see {@link ClientOptions#setSessionExpiryInterval})
     * @throws IllegalStateException if {@code how} is not {@link Disconnection#NORMAL} and the
     *     client speaks MQTT 3.1.1, whose DISCONNECT carries nothing
     * @since 0.3
     */
    void disconnect(long quiesceMillis, Disconnection how);

    /**
     * Re-authenticates on the current MQTT 5.0 connection (section 4.12.1): sends AUTH with
     * reason code 0x19 and the {@link Authenticator}'s method and initial data, answers each
     * challenge of the broker with {@link Authenticator#onChallenge} (on a callback thread), and
     * completes the token when the broker answers AUTH 0x00 (success). A broker that refuses
     * sends DISCONNECT (0x87 not authorized, say) and closes: the token fails with that
     * {@link MqttServerException}, which the connection-lost handler gets too.
     *
     * <pre>{@code
     * client.reauthenticate().waitFor(Duration.ofSeconds(10));
     * }</pre>
     *
     * @return the token of the re-authentication, or of the one already in progress
     * @throws IllegalStateException without an authenticator ({@link ClientOptions#setAuthenticator}),
     *     when not connected, or after {@code close}
     * @since 0.2
     */
    Token reauthenticate();

    /**
     * Publishes a message.
     *
     * @param topic the topic name, without wildcards
     * @param qos 0, 1 or 2
     * @param retained whether the broker keeps it as the topic's retained message
     * @param payload the payload; copied, so the caller may reuse the array
     * @return a token that completes when the QoS flow completes
     * @throws IllegalArgumentException if the topic or QoS is invalid
     * @throws IllegalStateException if the client was closed
     */
    PublishToken publish(String topic, int qos, boolean retained, byte[] payload);

    /**
     * Publishes a message with a UTF-8 payload.
     *
     * @param topic the topic name
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @param payload the payload text
     * @return a token that completes when the QoS flow completes
     * @throws IllegalArgumentException if the topic or QoS is invalid
     * @throws IllegalStateException if the client was closed
     */
    default PublishToken publish(String topic, int qos, boolean retained, String payload) {
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        return publish(topic, qos, retained, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Publishes the remaining bytes of a buffer (its position is not changed).
     *
     * @param topic the topic name
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @param payload the payload
     * @return a token that completes when the QoS flow completes
     * @throws IllegalArgumentException if the topic or QoS is invalid
     * @throws IllegalStateException if the client was closed
     */
    default PublishToken publish(String topic, int qos, boolean retained, ByteBuffer payload) {
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return publish(topic, qos, retained, bytes);
    }

    /**
     * Publishes a message with MQTT 5.0 properties: expiry, payload format, content type,
     * response topic, correlation data, user properties.
     *
     * <pre>{@code
     * MessageProperties props = MessageProperties.builder()
     *         .contentType("application/json")
     *         .userProperty("trace", "abc123")
     *         .build();
     * PublishToken t = client.publish("orders/new", 1, false, json, props);
     * t.await(); // throws MqttServerException if the broker refused it (t.reasonCode() >= 0x80)
     * }</pre>
     *
     * <p>Under MQTT 3.1.1, which has no properties, only {@link MessageProperties#NONE} is
     * accepted: other properties are refused at the call rather than dropped silently. A message
     * larger than the broker's Maximum Packet Size, above its Maximum QoS, or retained where it
     * takes no retained messages (MQTT 5.0 CONNACK) fails its token at once with an
     * {@link MqttClientException}; the connection stays up.
     *
     * @param topic the topic name, without wildcards
     * @param qos 0, 1 or 2
     * @param retained whether the broker keeps it as the topic's retained message
     * @param payload the payload; copied, so the caller may reuse the array
     * @param properties the properties, {@link MessageProperties#NONE} for none
     * @return a token that completes when the QoS flow completes; {@link PublishToken#reasonCode()}
     *     then holds the broker's reason code
     * @throws IllegalArgumentException if the topic or QoS is invalid; if the properties are not
     *     {@code NONE} and the client does not speak MQTT 5.0; if the payload format says UTF-8
     *     and the payload is not well-formed UTF-8 [MQTT-3.3.2-4]; if the properties hold a
     *     subscription identifier [MQTT-3.3.4-6] or a will delay, which a PUBLISH must not carry
     * @throws IllegalStateException if the client was closed
     * @since 0.2
     */
    PublishToken publish(String topic, int qos, boolean retained, byte[] payload, MessageProperties properties);

    /**
     * Subscribes to filters in one SUBSCRIBE, with MQTT 5.0's subscription options (no local,
     * retain as published, retain handling) and subscription identifier, and routes their
     * messages to {@code handler}. A shared subscription is a filter of the form
     * {@code $share/group/filter}; its messages are routed by the filter after the group.
     *
     * <pre>{@code
     * SubscribeToken t = client.subscribe(List.of(
     *         Subscription.of("sensors/+/temp", 1).withNoLocal(true).withSubscriptionIdentifier(7),
     *         Subscription.of("alerts/#", 2).withSubscriptionIdentifier(7)), handler);
     * t.await();
     * t.result(); // {sensors/+/temp=1, alerts/#=2}: granted QoS, or a failure code >= 0x80
     * }</pre>
     *
     * <p>A message that carries subscription identifiers goes to the handlers subscribed with
     * those identifiers, so a message matching two overlapping subscriptions, which the broker
     * sends once per subscription, reaches each handler once. Under MQTT 3.1.1 only the filter and
     * the QoS exist: a subscription with any other option set is refused at the call.
     *
     * @param subscriptions the subscriptions, at least one; those with an identifier must all
     *     share it, since it is a property of the whole SUBSCRIBE (section 3.8.2.1.2)
     * @param handler the handler for all of them, or {@code null} for the default publish handler
     * @return a token that completes on SUBACK; see {@link SubscribeToken} for refused filters
     * @throws IllegalArgumentException if the list is empty or holds null, if the subscriptions
     *     have different identifiers, or if they set MQTT 5.0 options and the client does not
     *     speak MQTT 5.0
     * @throws IllegalStateException if the client was closed
     * @since 0.2
     */
    SubscribeToken subscribe(List<Subscription> subscriptions, MessageHandler handler);

    /**
     * Sends a request and waits for its reply, MQTT 5.0's request/response (section 4.10): the
     * message goes out with a Response Topic of this client's own (it subscribes to it at its
     * first request) and Correlation Data naming the request; a responder publishes its reply to
     * that topic with the same correlation data, which completes the future.
     *
     * <pre>{@code
     * Message reply = client.request("services/time", new byte[0], 1, Duration.ofSeconds(5)).join();
     * }</pre>
     *
     * <p>A responder answers with the properties of the request it got:
     * {@code c.publish(req.properties().responseTopic().get(), 1, false, answer,
     * MessageProperties.builder().correlationData(req.properties().correlationData().get()).build())}.
     *
     * @param topic the topic the responder listens on
     * @param payload the request; copied
     * @param qos 0, 1 or 2
     * @param timeout how long to wait for the reply
     * @return a future completed with the reply on the callback pool; exceptionally with a
     *     {@code TimeoutException} when no reply came in time, or with the {@link MqttException}
     *     of the failed publish or subscribe
     * @throws IllegalArgumentException if the topic, QoS or timeout is invalid, or the client does
     *     not speak MQTT 5.0
     * @throws IllegalStateException if the client was closed
     * @since 0.2
     */
    CompletableFuture<Message> request(String topic, byte[] payload, int qos, Duration timeout);

    /**
     * Subscribes to a filter and routes its messages to {@code handler}.
     *
     * @param filter the topic filter
     * @param qos the maximum QoS wanted
     * @param handler the handler, or {@code null} for the default publish handler
     * @return a token that completes on SUBACK
     * @throws IllegalArgumentException if the filter or QoS is invalid
     * @throws IllegalStateException if the client was closed
     */
    SubscribeToken subscribe(String filter, int qos, MessageHandler handler);

    /**
     * Subscribes to several filters in one SUBSCRIBE, in the map's iteration order.
     *
     * @param filters filter to QoS
     * @param handler the handler for all of them, or {@code null} for the default publish handler
     * @return a token that completes on SUBACK
     * @throws IllegalArgumentException if the map is empty or a filter or QoS is invalid
     * @throws IllegalStateException if the client was closed
     */
    SubscribeToken subscribeMultiple(Map<String, Integer> filters, MessageHandler handler);

    /**
     * Returns the messages of a filter as a back-pressured {@link Flow.Publisher}, JDK types
     * only: each {@code subscribe} of a {@link Flow.Subscriber} subscribes the filter (one MQTT
     * subscription per Flow subscription) and {@code cancel} unsubscribes it. Reactor adapts it
     * with {@code JdkFlowAdapter.flowPublisherToFlux}, RxJava with {@code FlowAdapters}.
     *
     * <pre>{@code
     * client.messages("sensors/#", 1).subscribe(new Flow.Subscriber<>() {
     *     public void onSubscribe(Flow.Subscription s) { s.request(10); }
     *     public void onNext(Message m) { store(m); }
     *     ...
     * });
     * }</pre>
     *
     * <p>Demand is the delivery bound: a message waits on the client's handler thread until
     * there is demand for it, the bounded delivery queue ({@link ClientOptions#setMessageChannelDepth})
     * fills and the reader stops reading, so a slow subscriber slows the broker through TCP, never
     * the heap; meanwhile the client's other handlers wait too. A QoS 1/2 message is acknowledged
     * after {@code onNext} returned, as after a handler.
     *
     * <p>Signals follow the Reactive Streams rules ({@code request(n <= 0)} ends the stream with
     * {@code onError}). The stream ends with {@code onError} when the subscribe fails and with
     * {@code onComplete} when the client disconnects or closes; it lives across a lost
     * connection. A filter streams to one Flow subscriber at a time (another one gets
     * {@code onError(IllegalStateException)}) and must not also be given to {@code subscribe}.
     *
     * @param filter the topic filter
     * @param qos the maximum QoS wanted
     * @return a publisher; each subscriber subscribes anew
     * @throws IllegalArgumentException if the filter or QoS is invalid
     * @throws UnsupportedOperationException if this is not a client made by {@link #create}
     * @since 0.2
     */
    default Flow.Publisher<Message> messages(String filter, int qos) {
        return MessageStream.of(this, filter, qos);
    }

    /**
     * Unsubscribes from filters and removes their routes.
     *
     * @param filters the filters
     * @return a token that completes on UNSUBACK
     * @throws IllegalArgumentException if no filter is given or one is invalid
     * @throws IllegalStateException if the client was closed
     */
    UnsubscribeToken unsubscribe(String... filters);

    /**
     * Routes messages matching {@code filter} to {@code handler} without subscribing, replacing
     * any handler for the same filter: for messages of a resumed session, for example.
     *
     * @param filter the topic filter
     * @param handler the handler
     * @throws IllegalArgumentException if the filter is invalid or the handler null
     */
    void addRoute(String filter, MessageHandler handler);

    /**
     * Tells whether the client is connected now. Unlike paho.mqtt.golang, this is {@code false}
     * while reconnecting; {@link #state()} tells more.
     *
     * @return whether packets can flow now
     */
    boolean isConnected();

    /**
     * Tells whether the network connection is open (connected, or in the CONNECT exchange).
     *
     * @return whether a connection is open
     */
    boolean isConnectionOpen();

    /**
     * Returns where the client is in its connection life.
     *
     * @return the state
     */
    ConnectionState state();

    /**
     * Returns the options the client was created with.
     *
     * @return a read-only view of the snapshot
     */
    ClientOptionsReader optionsReader();

    /**
     * Returns the client's counters.
     *
     * @return a snapshot
     */
    ClientStats stats();

    /**
     * Disconnects without waiting for in-flight work and ends the client: fails every open token,
     * releases the store, clears the password and stops the client's threads. Every later call
     * but {@code disconnect} and {@code close} throws {@link IllegalStateException}; calling it
     * again does nothing.
     */
    @Override
    void close();
}
