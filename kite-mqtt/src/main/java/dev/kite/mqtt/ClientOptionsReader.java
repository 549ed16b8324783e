package dev.kite.mqtt;

import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import dev.kite.mqtt.transport.WebsocketOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Read access to a client's options: what {@link MqttClient#optionsReader()} returns. Each
 * getter returns what the matching setter of {@link ClientOptions} set, or its default.
 *
 * @since 0.1
 */
public interface ClientOptionsReader {
    /**
     * Returns the brokers, in the order they are tried, without the user information an address
     * was given with (that goes into the CONNECT only).
     */
    List<URI> brokers();

    /** Returns the client identifier; may be empty. */
    String clientId();

    /** Returns the user name, or {@code null}. */
    String username();

    /** Returns whether a password is set (the password itself is never exposed by the reader). */
    boolean hasPassword();

    /** Returns the credentials provider, or {@code null}. */
    CredentialsProvider credentialsProvider();

    /** Returns the clean session flag; default {@code true}. */
    boolean cleanSession();

    /** Returns whether handlers are called one at a time in arrival order; default {@code true}. */
    boolean orderMatters();

    /** Returns whether a will is set. */
    boolean willEnabled();

    /** Returns the will topic, or {@code null}. */
    String willTopic();

    /** Returns a copy of the will payload, or {@code null}. */
    byte[] willPayload();

    /** Returns the will QoS. */
    int willQos();

    /** Returns the will retain flag. */
    boolean willRetained();

    /** Returns the protocol version asked for: 0 (3.1.1 with fallback to 3.1), 3, 4, 0x83 or 0x84. */
    int protocolVersion();

    /** Returns the TLS settings, or {@code null} for the default when a TLS scheme is used. */
    TlsConfig tlsConfig();

    /** Returns the keep alive interval; default 30 s, zero disables pings. */
    Duration keepAlive();

    /** Returns how long to wait for PINGRESP; default 10 s. */
    Duration pingTimeout();

    /** Returns the bound on opening a connection and on the CONNECT/CONNACK exchange; default 30 s. */
    Duration connectTimeout();

    /** Returns the bound on waiting for SUBACK or UNSUBACK; default 30 s. */
    Duration ackTimeout();

    /** Returns the cap of the reconnect backoff; default 10 min. */
    Duration maxReconnectInterval();

    /** Returns whether a lost connection is re-established; default {@code true}. */
    boolean autoReconnect();

    /** Returns the wait between failed first connects when retrying; default 30 s. */
    Duration connectRetryInterval();

    /** Returns whether a failed first connect is retried; default {@code false}. */
    boolean connectRetry();

    /** Returns the store, or {@code null} for a new {@code MemoryStore}. */
    Store store();

    /** Returns the handler for messages no route matches, or {@code null}. */
    MessageHandler defaultPublishHandler();

    /** Returns the handler called after every connect, or {@code null}. */
    OnConnectHandler onConnectHandler();

    /** Returns the handler called when a connection is lost, or {@code null}. */
    ConnectionLostHandler connectionLostHandler();

    /** Returns the handler called before each reconnect, or {@code null}. */
    ReconnectHandler reconnectingHandler();

    /** Returns the handler called before each connection attempt, or {@code null}. */
    ConnectionAttemptHandler connectionAttemptHandler();

    /** Returns the write timeout; zero means none (the default). */
    Duration writeTimeout();

    /** Returns how many received messages may wait for handlers before reading pauses; default 1000. */
    int messageChannelDepth();

    /**
     * Returns how many bytes of received messages may wait for handlers before reading pauses;
     * default 16 MiB.
     *
     * @since 0.1
     */
    long messageChannelBytes();

    /** Returns whether stored subscriptions are resent on resume; default {@code false}. */
    boolean resumeSubs();

    /** Returns the HTTP headers sent in the WebSocket handshake. */
    Map<String, List<String>> httpHeaders();

    /** Returns the WebSocket settings. */
    WebsocketOptions websocketOptions();

    /** Returns the bound on publishes resent at once on resume; 0 means no bound (the default). */
    int maxResumePubInFlight();

    /** Returns whether handlers acknowledge messages themselves; default {@code false}. */
    boolean autoAckDisabled();

    /** Returns the largest packet accepted from the broker, in bytes of remaining length; default 4 MiB. */
    int maxIncomingPacketSize();

    /** Returns how many outbound QoS 1/2 messages may be unacknowledged at once; default 20. */
    int maxInflight();

    /** Returns how many messages may wait to be sent; default 100,000. */
    int maxQueuedMessages();

    /** Returns whether QoS 0 messages wait while disconnected; default {@code false}. */
    boolean queueQos0WhileDisconnected();

    /** Returns whether subscriptions are sent again when the broker has no session; default {@code true}. */
    boolean resubscribe();

    /** Returns the state listener, or {@code null}. */
    ConnectionStateListener stateListener();

    /**
     * Returns the packet listener, or null.
     *
     * @return the listener
     */
    PacketListener packetListener();

    /**
     * Returns the observers added with {@link ClientOptions#addObserver}, in the order they are called.
     *
     * @return the observers; empty if none
     * @since 0.2
     */
    List<ClientObserver> observers();

    /** Returns the proxy for TCP and TLS schemes, or {@code null} to use {@code all_proxy} (the default). */
    ProxyConfig proxy();

    /**
     * Returns the Session Expiry Interval set for MQTT 5.0.
     *
     * @return the interval, or {@code null} when unset (0 with a clean session, never without)
     * @since 0.2
     */
    Duration sessionExpiryInterval();

    /**
     * Returns the Receive Maximum announced under MQTT 5.0.
     *
     * @return 1 to 65,535; 65,535 by default
     * @since 0.2
     */
    int receiveMaximum();

    /**
     * Returns the Topic Alias Maximum announced under MQTT 5.0.
     *
     * @return 0 to 65,535; 0 by default
     * @since 0.2
     */
    int topicAliasMaximum();

    /**
     * Returns whether outbound topic aliases are used under MQTT 5.0.
     *
     * @return the flag; {@code false} by default
     * @since 0.2
     */
    boolean outboundTopicAliases();

    /**
     * Returns Request Problem Information of an MQTT 5.0 CONNECT.
     *
     * @return the flag; {@code true} by default
     * @since 0.2
     */
    boolean requestProblemInformation();

    /**
     * Returns Request Response Information of an MQTT 5.0 CONNECT.
     *
     * @return the flag; {@code false} by default
     * @since 0.2
     */
    boolean requestResponseInformation();

    /**
     * Returns the user properties of an MQTT 5.0 CONNECT.
     *
     * @return the properties, in order; empty by default
     * @since 0.2
     */
    List<UserProperty> userProperties();

    /**
     * Returns the properties of the will under MQTT 5.0.
     *
     * @return the properties; {@link MessageProperties#NONE} by default
     * @since 0.2
     */
    MessageProperties willProperties();

    /**
     * Returns the enhanced authentication of MQTT 5.0.
     *
     * @return the authenticator, or {@code null} (the default)
     * @since 0.2
     */
    Authenticator authenticator();

    /**
     * Returns whether a Server Reference of an MQTT 5.0 broker is followed.
     *
     * @return the flag; {@code false} by default
     * @since 0.2
     */
    boolean followServerReference();
}
