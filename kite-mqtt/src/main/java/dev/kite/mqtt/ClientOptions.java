package dev.kite.mqtt;

import dev.kite.mqtt.internal.client.Broker;
import dev.kite.mqtt.internal.client.ClientConfig;
import dev.kite.mqtt.internal.client.Observers;
import dev.kite.mqtt.internal.transport.Secrets;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import dev.kite.mqtt.transport.WebsocketOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * How a client connects and behaves: the options of paho.mqtt.golang, with its defaults, set by
 * chained calls. {@link MqttClient#create(ClientOptions)} takes a snapshot, so changing an
 * options object later does not change a client made from it.
 *
 * <pre>{@code
 * ClientOptions opts = new ClientOptions()
 *         .addBroker("tcp://127.0.0.1:1883")
 *         .setClientId("sensor-7")
 *         .setKeepAlive(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Every setter returns {@code this}; a setter given a bad value throws
 * {@link IllegalArgumentException} naming the option and the rule.
 *
 * @since 0.1
 */
public final class ClientOptions {
    /** The largest remaining length MQTT allows, 268,435,455 bytes. */
    public static final int MAX_PACKET_SIZE = 268_435_455;

    private List<Broker> brokers = new ArrayList<>();
    private String clientId = "";
    private String username;
    private byte[] password;
    private CredentialsProvider credentialsProvider;
    private boolean cleanSession = true;
    private boolean orderMatters = true;
    private String willTopic;
    private byte[] willPayload;
    private int willQos;
    private boolean willRetained;
    private int protocolVersion;
    private TlsConfig tlsConfig;
    private Duration keepAlive = Duration.ofSeconds(30);
    private Duration pingTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration ackTimeout = Duration.ofSeconds(30);
    private Duration maxReconnectInterval = Duration.ofMinutes(10);
    private boolean autoReconnect = true;
    private Duration connectRetryInterval = Duration.ofSeconds(30);
    private boolean connectRetry;
    private Store store;
    private MessageHandler defaultPublishHandler;
    private OnConnectHandler onConnectHandler;
    private ConnectionLostHandler connectionLostHandler;
    private ReconnectHandler reconnectingHandler;
    private ConnectionAttemptHandler connectionAttemptHandler;
    private Duration writeTimeout = Duration.ZERO;
    private int messageChannelDepth = 1000;
    private long messageChannelBytes = 16L << 20;
    private boolean resumeSubs;
    private Map<String, List<String>> httpHeaders = new LinkedHashMap<>();
    private WebsocketOptions websocketOptions = WebsocketOptions.defaults();
    private int maxResumePubInFlight;
    private boolean autoAckDisabled;
    private int maxIncomingPacketSize = 4 << 20;
    private int maxInflight = 20;
    private int maxQueuedMessages = 100_000;
    private boolean queueQos0WhileDisconnected;
    private boolean resubscribe = true;
    private ConnectionStateListener stateListener;
    private PacketListener packetListener;
    private final List<ClientObserver> observers = new ArrayList<>();
    private ProxyConfig proxy;
    private Duration sessionExpiryInterval;
    private int receiveMaximum = 65_535;
    private int topicAliasMaximum;
    private boolean outboundTopicAliases;
    private boolean requestProblemInformation = true;
    private boolean requestResponseInformation;
    private List<UserProperty> userProperties = List.of();
    private MessageProperties willProperties = MessageProperties.NONE;
    private Authenticator authenticator;
    private boolean followServerReference;
    private boolean strictReceiveMaximum;
    // the application's runtime: where handlers run, where threads come from, what logs call the client
    private Executor executor;
    private ThreadFactory threadFactory;
    private String clientName;

    /** Creates options with the defaults of paho.mqtt.golang's {@code NewClientOptions}. */
    public ClientOptions() {
    }

    /**
     * Freezes these options into the record a client runs with; later changes to this object do
     * not reach it. The secrets stay out of it: see {@link #password()} and
     * {@link #brokersWithUserInfo()}.
     */
    ClientConfig freeze() {
        return new ClientConfig(brokers(), clientId, username, password != null, credentialsProvider, cleanSession,
                orderMatters, willTopic, willPayload, willQos, willRetained, protocolVersion, tlsConfig, keepAlive,
                pingTimeout, connectTimeout, ackTimeout, maxReconnectInterval, autoReconnect, connectRetryInterval,
                connectRetry, store, defaultPublishHandler, onConnectHandler, connectionLostHandler,
                reconnectingHandler, connectionAttemptHandler, writeTimeout, messageChannelDepth, messageChannelBytes,
                resumeSubs, httpHeaders, websocketOptions, maxResumePubInFlight, autoAckDisabled,
                maxIncomingPacketSize, maxInflight, maxQueuedMessages, queueQos0WhileDisconnected, resubscribe,
                stateListener, packetListener, Observers.of(observers), proxy, new ClientConfig.V5(sessionExpiryInterval, receiveMaximum,
                topicAliasMaximum, outboundTopicAliases, requestProblemInformation, requestResponseInformation,
                userProperties, willProperties, authenticator, followServerReference, strictReceiveMaximum),
                new ClientConfig.Threading(executor, threadFactory, clientName));
    }

    /**
     * Adds a broker to try, after those already added. Forms: {@code scheme://host:port};
     * {@code :1883} means {@code tcp://127.0.0.1:1883}; no scheme means {@code tcp://}; no port
     * means the scheme's default (1883, 8883 for TLS, 80 for ws, 443 for wss). User info in the
     * URI ({@code tcp://user:pass@host:1883}) sets the user name and password for that broker,
     * percent-decoded as RFC 3986 says ({@code %40} is {@code @}, {@code +} stays {@code +}); it
     * goes into the CONNECT only: {@link #brokers()}, handlers, messages and logs see the address
     * without it ({@code tcp://****@host:1883} where it is shown).
     *
     * @param broker the broker address
     * @return this
     * @throws IllegalArgumentException if it does not parse or the scheme is unknown; the message
     *     shows the address without its user information
     */
    public ClientOptions addBroker(String broker) {
        brokers.add(BrokerUri.parse(broker));
        return this;
    }

    /**
     * Sets the client identifier. An empty id asks the broker to assign one, which needs a clean
     * session.
     *
     * @param clientId the id, not {@code null}
     * @return this
     */
    public ClientOptions setClientId(String clientId) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        return this;
    }

    /**
     * Sets the user name sent in CONNECT; {@code null} or empty sends none.
     *
     * @param username the user name
     * @return this
     */
    public ClientOptions setUsername(String username) {
        this.username = username == null || username.isEmpty() ? null : username;
        return this;
    }

    /**
     * Sets the password sent in CONNECT, as UTF-8; {@code null} or empty sends none.
     *
     * @param password the password
     * @return this
     */
    public ClientOptions setPassword(String password) {
        return setPassword(password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets the password sent in CONNECT, as UTF-8 of the characters; the array is copied, so the
     * caller may clear it. The characters are encoded without passing through a {@code String},
     * and the client clears its copy when it is closed.
     *
     * @param password the password
     * @return this
     */
    public ClientOptions setPassword(char[] password) {
        if (password == null) {
            return setPassword((byte[]) null);
        }
        byte[] bytes = Secrets.utf8(password);
        setPassword(bytes);
        Arrays.fill(bytes, (byte) 0);
        return this;
    }

    /**
     * Sets the password sent in CONNECT as raw bytes (MQTT passwords are binary data); copied.
     *
     * @param password the password
     * @return this
     */
    public ClientOptions setPassword(byte[] password) {
        if (this.password != null) {
            Arrays.fill(this.password, (byte) 0); // this object's own copy
        }
        this.password = password == null || password.length == 0 ? null : password.clone();
        return this;
    }

    /**
     * Sets a provider asked for credentials before every connect attempt; it overrides the user
     * name and password.
     *
     * @param provider the provider, or {@code null}
     * @return this
     */
    public ClientOptions setCredentialsProvider(CredentialsProvider provider) {
        this.credentialsProvider = provider;
        return this;
    }

    /**
     * Sets the clean session flag (default {@code true}).
     *
     * @param cleanSession the flag
     * @return this
     */
    public ClientOptions setCleanSession(boolean cleanSession) {
        this.cleanSession = cleanSession;
        return this;
    }

    /**
     * Sets whether handlers run one at a time in arrival order (default {@code true}) or
     * concurrently on a pool.
     *
     * @param orderMatters the flag
     * @return this
     */
    public ClientOptions setOrderMatters(boolean orderMatters) {
        this.orderMatters = orderMatters;
        return this;
    }

    /**
     * Sets a will with a UTF-8 payload.
     *
     * @param topic the will topic
     * @param payload the payload
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @return this
     * @throws IllegalArgumentException if the topic or QoS is invalid
     */
    public ClientOptions setWill(String topic, String payload, int qos, boolean retained) {
        return setBinaryWill(topic, Objects.requireNonNull(payload, "will payload").getBytes(StandardCharsets.UTF_8),
                qos, retained);
    }

    /**
     * Sets a will with a binary payload (copied).
     *
     * @param topic the will topic
     * @param payload the payload
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @return this
     * @throws IllegalArgumentException if the topic or QoS is invalid
     */
    public ClientOptions setBinaryWill(String topic, byte[] payload, int qos, boolean retained) {
        Topic.validate(topic);
        Qos.check(qos);
        this.willTopic = topic;
        this.willPayload = Objects.requireNonNull(payload, "will payload").clone();
        this.willQos = qos;
        this.willRetained = retained;
        return this;
    }

    /**
     * Removes the will.
     *
     * @return this
     */
    public ClientOptions unsetWill() {
        this.willTopic = null;
        this.willPayload = null;
        this.willQos = 0;
        this.willRetained = false;
        return this;
    }

    /**
     * Sets the protocol version: 3 (MQTT 3.1), 4 (MQTT 3.1.1), 5 (MQTT 5.0), or 0x83 / 0x84 (3.1
     * and 3.1.1 with the bridge bit). Setting it disables the fallback from 3.1.1 to 3.1; left
     * unset (0), the client speaks 3.1.1 and falls back to 3.1, never to or from 5.0.
     *
     * <p>A broker that refuses 5.0 (a CONNACK with reason code 0x84, or the return code 1 of a
     * 3.1.1 broker) fails the connect with a {@link ConnectionRefusedException} that says the
     * broker does not speak MQTT 5.0. The options that only 5.0 has ({@link #setSessionExpiryInterval},
     * {@link #setReceiveMaximum}, {@link #setTopicAliasMaximum}, {@link #setOutboundTopicAliases},
     * {@link #setRequestProblemInformation}, {@link #setRequestResponseInformation},
     * {@link #setUserProperties}, {@link #setWillProperties}, {@link #setFollowServerReference})
     * are ignored under 3.1 and 3.1.1; {@link #setAuthenticator} is refused there, since
     * connecting without the authentication asked for would mislead.
     *
     * @param version the version
     * @return this
     * @throws IllegalArgumentException for any other value
     * @since 0.1 (5 since 0.2)
     */
    public ClientOptions setProtocolVersion(int version) {
        if (version != 3 && version != 4 && version != 5 && version != 0x83 && version != 0x84) {
            throw new IllegalArgumentException("protocol version " + version
                    + ": must be 3 (MQTT 3.1), 4 (MQTT 3.1.1), 5 (MQTT 5.0), 0x83 or 0x84 (bridge)");
        }
        this.protocolVersion = version;
        return this;
    }

    /**
     * Sets the TLS settings for TLS schemes.
     *
     * @param tlsConfig the settings, or {@code null} for the JVM defaults
     * @return this
     */
    public ClientOptions setTlsConfig(TlsConfig tlsConfig) {
        this.tlsConfig = tlsConfig;
        return this;
    }

    /**
     * Sets the keep alive interval (default 30 s; zero disables pings), whole seconds up to 65,535.
     *
     * @param keepAlive the interval
     * @return this
     * @throws IllegalArgumentException if negative, above 65,535 s, or not whole seconds
     */
    public ClientOptions setKeepAlive(Duration keepAlive) {
        checkRange("keepAlive", keepAlive, Duration.ZERO, Duration.ofSeconds(65_535));
        if (keepAlive.getNano() != 0) {
            // CONNECT carries whole seconds [MQTT-3.1.2.10]: 1.5 s would tell the broker 1 s while
            // the client pings every 1.5 s, and the broker would drop it; 0.5 s would tell it 0 (off)
            throw new IllegalArgumentException("keepAlive " + keepAlive + ": must be whole seconds");
        }
        this.keepAlive = keepAlive;
        return this;
    }

    /**
     * Sets how long to wait for PINGRESP before the connection counts as lost (default 10 s).
     *
     * @param pingTimeout the timeout, positive
     * @return this
     */
    public ClientOptions setPingTimeout(Duration pingTimeout) {
        this.pingTimeout = checkPositive("pingTimeout", pingTimeout);
        return this;
    }

    /**
     * Sets the bound on opening a connection and on the CONNECT/CONNACK exchange (default 30 s).
     *
     * @param connectTimeout the timeout, positive
     * @return this
     */
    public ClientOptions setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = checkPositive("connectTimeout", connectTimeout);
        return this;
    }

    /**
     * Sets the bound on waiting for SUBACK or UNSUBACK (default 30 s), counted from the call to
     * {@code subscribe} or {@code unsubscribe}, connected or not. When it passes, the token fails
     * with an {@link MqttConnectionException} naming the request, the request is abandoned (not
     * sent again after a reconnect) and, if the request was sent on the current connection, that
     * connection is closed and the connection-lost path runs (reconnecting if enabled). A broker
     * that leaves a SUBSCRIBE unanswered that long is broken or hostile, and MQTT 3.1.1 has no
     * way to cancel a request: keeping the connection would either leak the packet id or let a
     * late SUBACK complete a newer request that reused it.
     *
     * @param ackTimeout the timeout, positive
     * @return this
     * @throws IllegalArgumentException if it is null, zero or negative
     * @since 0.1
     */
    public ClientOptions setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = checkPositive("ackTimeout", ackTimeout);
        return this;
    }

    /**
     * Sets the cap of the reconnect backoff (default 10 min).
     *
     * @param interval the cap, positive
     * @return this
     */
    public ClientOptions setMaxReconnectInterval(Duration interval) {
        this.maxReconnectInterval = checkPositive("maxReconnectInterval", interval);
        return this;
    }

    /**
     * Sets whether a lost connection is re-established (default {@code true}).
     *
     * @param autoReconnect the flag
     * @return this
     */
    public ClientOptions setAutoReconnect(boolean autoReconnect) {
        this.autoReconnect = autoReconnect;
        return this;
    }

    /**
     * Sets the wait between failed first connects when connect retry is on (default 30 s).
     *
     * @param interval the wait, positive
     * @return this
     */
    public ClientOptions setConnectRetryInterval(Duration interval) {
        this.connectRetryInterval = checkPositive("connectRetryInterval", interval);
        return this;
    }

    /**
     * Sets whether a failed first connect is retried until it succeeds or {@code disconnect} is
     * called (default {@code false}). Publishes made meanwhile wait and are sent once connected.
     *
     * @param connectRetry the flag
     * @return this
     */
    public ClientOptions setConnectRetry(boolean connectRetry) {
        this.connectRetry = connectRetry;
        return this;
    }

    /**
     * Sets where in-flight messages are kept (default: a new {@code MemoryStore}).
     *
     * @param store the store, or {@code null} for the default
     * @return this
     */
    public ClientOptions setStore(Store store) {
        this.store = store;
        return this;
    }

    /**
     * Sets the handler for messages that no route matches.
     *
     * @param handler the handler, or {@code null}
     * @return this
     */
    public ClientOptions setDefaultPublishHandler(MessageHandler handler) {
        this.defaultPublishHandler = handler;
        return this;
    }

    /**
     * Sets the handler called after every successful connect.
     *
     * @param handler the handler, or {@code null}
     * @return this
     */
    public ClientOptions setOnConnectHandler(OnConnectHandler handler) {
        this.onConnectHandler = handler;
        return this;
    }

    /**
     * Sets the handler called when an established connection is lost.
     *
     * @param handler the handler, or {@code null}
     * @return this
     */
    public ClientOptions setConnectionLostHandler(ConnectionLostHandler handler) {
        this.connectionLostHandler = handler;
        return this;
    }

    /**
     * Sets the handler called before each reconnect attempt.
     *
     * @param handler the handler, or {@code null}
     * @return this
     */
    public ClientOptions setReconnectingHandler(ReconnectHandler handler) {
        this.reconnectingHandler = handler;
        return this;
    }

    /**
     * Sets the handler called before each attempt to each broker, which may choose the TLS settings.
     *
     * @param handler the handler, or {@code null}
     * @return this
     */
    public ClientOptions setConnectionAttemptHandler(ConnectionAttemptHandler handler) {
        this.connectionAttemptHandler = handler;
        return this;
    }

    /**
     * Sets how long a write may block before the connection counts as lost (default zero: none).
     *
     * @param writeTimeout the timeout, zero or positive
     * @return this
     */
    public ClientOptions setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = checkRange("writeTimeout", writeTimeout, Duration.ZERO, Duration.ofDays(1));
        return this;
    }

    /**
     * Sets how many received messages may wait for handlers before the client stops reading
     * (default 1000), so a slow handler slows the broker instead of filling the heap.
     *
     * @param depth the bound, at least 1
     * @return this
     */
    public ClientOptions setMessageChannelDepth(int depth) {
        this.messageChannelDepth = checkAtLeast("messageChannelDepth", depth, 1);
        return this;
    }

    /**
     * Sets how many bytes of received messages (payload and topic) may wait for or run in
     * handlers before the client stops reading (default 16 MiB): the byte bound beside
     * {@link #setMessageChannelDepth}, so that large messages behind a slow handler cannot fill
     * the heap either. When it is reached the reader stops and TCP slows the broker, as with the
     * count bound. A message is taken while the bytes held and its own stay within the bound, or
     * when no other message is held: a message larger than the bound is delivered alone.
     *
     * <p>With the default inbound packet limit (4 MiB), what a client holds for a hostile or
     * runaway broker stays around 16 MiB plus one packet being read, whatever the broker sends.
     *
     * @param bytes the bound, at least 1
     * @return this
     * @since 0.1
     */
    public ClientOptions setMessageChannelBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("messageChannelBytes " + bytes + ": must be at least 1");
        }
        this.messageChannelBytes = bytes;
        return this;
    }

    /**
     * Sets whether stored subscriptions are resent when a session is resumed (default {@code false}).
     *
     * @param resumeSubs the flag
     * @return this
     */
    public ClientOptions setResumeSubs(boolean resumeSubs) {
        this.resumeSubs = resumeSubs;
        return this;
    }

    /**
     * Sets HTTP headers for the WebSocket handshake (copied).
     *
     * @param headers name to values
     * @return this
     */
    public ClientOptions setHttpHeaders(Map<String, List<String>> headers) {
        this.httpHeaders = new LinkedHashMap<>();
        Objects.requireNonNull(headers, "headers").forEach((k, v) -> httpHeaders.put(k, List.copyOf(v)));
        return this;
    }

    /**
     * Sets the WebSocket settings.
     *
     * @param options the settings
     * @return this
     */
    public ClientOptions setWebsocketOptions(WebsocketOptions options) {
        this.websocketOptions = Objects.requireNonNull(options, "websocketOptions");
        return this;
    }

    /**
     * Bounds how many stored publishes are resent at once when a session resumes (0, the default,
     * means no bound).
     *
     * @param max the bound, zero or positive
     * @return this
     */
    public ClientOptions setMaxResumePubInFlight(int max) {
        this.maxResumePubInFlight = checkAtLeast("maxResumePubInFlight", max, 0);
        return this;
    }

    /**
     * Sets whether handlers acknowledge messages themselves with {@link Message#ack()} (default
     * {@code false}: Kite acknowledges after the handlers return).
     *
     * @param disabled the flag
     * @return this
     */
    public ClientOptions setAutoAckDisabled(boolean disabled) {
        this.autoAckDisabled = disabled;
        return this;
    }

    /**
     * Bounds the size of packets accepted from the broker (remaining length, in bytes), before
     * and after CONNACK. A larger packet is refused from its fixed header, before any of its body
     * is read into memory, and closes the connection with an {@link MqttProtocolException} that
     * names the size, the bound and this option (before CONNACK the connect attempt fails).
     *
     * <p>Default: 4 MiB (4,194,304), not the protocol's 268,435,455, because the client holds a
     * whole packet in memory: under the protocol's maximum one hostile or misconfigured broker
     * could take 256 MiB of heap per connection. 4 MiB is four times EMQX's default packet limit
     * (1 MB) and far above what hosted brokers accept from publishers (AWS IoT Core 128 KB, Azure
     * IoT Hub 256 KB); raise it for brokers that carry larger messages, up to
     * {@link #MAX_PACKET_SIZE}.
     *
     * @param bytes the bound, 2 to 268,435,455
     * @return this
     */
    public ClientOptions setMaxIncomingPacketSize(int bytes) {
        if (bytes < 2 || bytes > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maxIncomingPacketSize " + bytes + ": must be 2 to " + MAX_PACKET_SIZE);
        }
        this.maxIncomingPacketSize = bytes;
        return this;
    }

    /**
     * Sets how many outbound QoS 1/2 messages may be unacknowledged at once (default 20).
     * Beyond it, publishes wait in order and take a packet id when they enter the window.
     *
     * <p>The default matches Mosquitto's default {@code max_inflight_messages}: an MQTT 3.1.1
     * broker has no way to tell a client its limit, and Mosquitto acknowledges and then drops
     * QoS 2 messages beyond it. Raise it only for brokers configured to take more.
     *
     * @param max the window, 1 to 65,535
     * @return this
     */
    public ClientOptions setMaxInflight(int max) {
        if (max < 1 || max > 65_535) {
            throw new IllegalArgumentException("maxInflight " + max + ": must be 1 to 65535");
        }
        this.maxInflight = max;
        return this;
    }

    /**
     * Bounds how many messages may wait to be sent: while disconnected (reconnecting or retrying
     * the first connect) and behind the in-flight window. When it is full, {@code publish} fails
     * its token at once with an error that says so. Default 100,000.
     *
     * @param max the bound, at least 1
     * @return this
     */
    public ClientOptions setMaxQueuedMessages(int max) {
        this.maxQueuedMessages = checkAtLeast("maxQueuedMessages", max, 1);
        return this;
    }

    /**
     * Sets whether QoS 0 messages published while disconnected wait for the next connection
     * (counted in {@link #setMaxQueuedMessages}) instead of failing their token at once. Default
     * {@code false}: QoS 0 means at most once, and a message that cannot be sent now fails.
     *
     * @param queue the flag
     * @return this
     */
    public ClientOptions setQueueQos0WhileDisconnected(boolean queue) {
        this.queueQos0WhileDisconnected = queue;
        return this;
    }

    /**
     * Sets whether the client subscribes again to everything it subscribed to when it connects
     * and the broker holds no session for it (CONNACK session present 0). Default {@code true}.
     *
     * @param resubscribe the flag
     * @return this
     */
    public ClientOptions setResubscribe(boolean resubscribe) {
        this.resubscribe = resubscribe;
        return this;
    }

    /**
     * Sets a listener told of every connection state change, in order.
     *
     * @param listener the listener, or {@code null}
     * @return this
     */
    public ClientOptions setStateListener(ConnectionStateListener listener) {
        this.stateListener = listener;
        return this;
    }

    /**
     * Sets a listener told of every packet sent and received, described in libmosquitto's debug
     * style (see {@link PacketListener}); {@code null}, the default, reports nothing. Meant for
     * debugging tools such as {@code kite pub -d}.
     *
     * @param listener the listener, or null
     * @return this
     */
    public ClientOptions setPacketListener(PacketListener listener) {
        this.packetListener = listener;
        return this;
    }

    /**
     * Adds an observer told of the client's connects, lost connections, publishes, received
     * messages and handler runs, for metrics and tracing (see {@link ClientObserver}, and the
     * kite-micrometer module); several may be added and are called in the order added. It is
     * called on the client's threads: it must be quick, must not block and must not call the client.
     *
     * <pre>{@code
     * KiteMetrics metrics = new KiteMetrics();          // kite-micrometer
     * opts.addObserver(metrics);
     * }</pre>
     *
     * @param observer the observer
     * @return this
     * @throws IllegalArgumentException if {@code observer} is null
     * @since 0.2
     */
    public ClientOptions addObserver(ClientObserver observer) {
        if (observer == null) {
            throw new IllegalArgumentException("observer is null: pass an observer to add");
        }
        observers.add(observer);
        return this;
    }

    /**
     * Sets the Session Expiry Interval of MQTT 5.0: how long the broker keeps the session after
     * the connection closes (section 3.1.2.11.2). Unset (the default, {@code null}), it follows
     * {@link #setCleanSession}: 0 (the session ends with the connection) with a clean session,
     * and "never expires" (4,294,967,295 s) without one, so that {@code setCleanSession(false)}
     * keeps the session across reconnects as it does under 3.1.1. A clean session at 5.0 is
     * Clean Start: it discards the session the broker held, and the interval still decides how
     * long the new one is kept. Ignored under 3.1.1.
     *
     * <pre>{@code
     * opts.setProtocolVersion(5).setCleanSession(false).setSessionExpiryInterval(Duration.ofHours(1));
     * }</pre>
     *
     * @param interval whole seconds, 0 to 4,294,967,295 s, or {@code null} for the default
     * @return this
     * @throws IllegalArgumentException if negative, above the range, or not whole seconds
     * @since 0.2
     */
    public ClientOptions setSessionExpiryInterval(Duration interval) {
        if (interval != null) {
            checkRange("sessionExpiryInterval", interval, Duration.ZERO, Duration.ofSeconds(0xFFFF_FFFFL));
            if (interval.getNano() != 0) {
                throw new IllegalArgumentException("sessionExpiryInterval " + interval + ": must be whole seconds");
            }
        }
        this.sessionExpiryInterval = interval;
        return this;
    }

    /**
     * Sets the Receive Maximum announced in an MQTT 5.0 CONNECT: how many QoS 1 and QoS 2
     * messages the broker may have unacknowledged towards this client at once (section
     * 3.1.2.11.3). Default 65,535, the protocol's default, which is not sent. Ignored under 3.1.1.
     *
     * @param max 1 to 65,535
     * @return this
     * @throws IllegalArgumentException if out of range (0 is a protocol error)
     * @since 0.2
     */
    public ClientOptions setReceiveMaximum(int max) {
        if (max < 1 || max > 65_535) {
            throw new IllegalArgumentException("receiveMaximum " + max + ": must be 1 to 65535 (section 3.1.2.11.3)");
        }
        this.receiveMaximum = max;
        return this;
    }

    /**
     * Sets what the client does when an MQTT 5.0 broker sends more unacknowledged QoS 1 and QoS 2
     * messages than the Receive Maximum it announced ({@link #setReceiveMaximum}). By default
     * ({@code false}) it takes them, logs it once per connection and counts them in
     * {@link ClientStats#overReceiveMaximum()}: Mosquitto 2.0 does not keep a client's Receive
     * Maximum, and cutting it off would end every busy connection to it. With {@code true} the
     * client closes the connection with DISCONNECT 0x93 (Receive Maximum exceeded) at the first
     * message over the limit [MQTT-3.3.4-9]; the connection-lost handler gets an
     * {@link MqttProtocolException} with that code and auto-reconnect applies. Ignored under 3.1.1.
     *
     * @param strict whether exceeding the announced Receive Maximum ends the connection
     * @return this
     * @since 0.3
     */
    public ClientOptions setStrictReceiveMaximum(boolean strict) {
        this.strictReceiveMaximum = strict;
        return this;
    }

    /**
     * Sets the Topic Alias Maximum announced in an MQTT 5.0 CONNECT: how many topic aliases the
     * broker may use in the messages it sends this client (section 3.1.2.11.5). Default 0: the
     * broker uses none. Ignored under 3.1.1.
     *
     * @param max 0 to 65,535
     * @return this
     * @throws IllegalArgumentException if out of range
     * @since 0.2
     */
    public ClientOptions setTopicAliasMaximum(int max) {
        if (max < 0 || max > 65_535) {
            throw new IllegalArgumentException("topicAliasMaximum " + max
                    + ": must be 0 to 65535 (section 3.1.2.11.5)");
        }
        this.topicAliasMaximum = max;
        return this;
    }

    /**
     * Sets whether the client replaces the topics of the messages it publishes by topic aliases,
     * within the Topic Alias Maximum the broker announced (MQTT 5.0, section 3.3.2.3.4). Default
     * {@code false}. Ignored under 3.1.1 and when the broker allows no alias.
     *
     * @param enabled the flag
     * @return this
     * @since 0.2
     */
    public ClientOptions setOutboundTopicAliases(boolean enabled) {
        this.outboundTopicAliases = enabled;
        return this;
    }

    /**
     * Sets Request Problem Information of an MQTT 5.0 CONNECT (section 3.1.2.11.7): with
     * {@code false} the broker sends reason strings and user properties only in CONNACK and
     * DISCONNECT. Default {@code true}, the protocol's default, which is not sent. Ignored under
     * 3.1.1.
     *
     * @param request the flag
     * @return this
     * @since 0.2
     */
    public ClientOptions setRequestProblemInformation(boolean request) {
        this.requestProblemInformation = request;
        return this;
    }

    /**
     * Sets Request Response Information of an MQTT 5.0 CONNECT (section 3.1.2.11.6): asks the
     * broker for Response Information in its CONNACK, read with
     * {@code ConnectToken.connack().responseInformation()}. Default {@code false}. Ignored under
     * 3.1.1.
     *
     * @param request the flag
     * @return this
     * @since 0.2
     */
    public ClientOptions setRequestResponseInformation(boolean request) {
        this.requestResponseInformation = request;
        return this;
    }

    /**
     * Sets the user properties sent in an MQTT 5.0 CONNECT, in order (copied). Default none.
     * Ignored under 3.1.1.
     *
     * @param properties the properties; names may repeat
     * @return this
     * @throws NullPointerException if the list or an element is null
     * @since 0.2
     */
    public ClientOptions setUserProperties(List<UserProperty> properties) {
        this.userProperties = List.copyOf(properties);
        return this;
    }

    /**
     * Sets the properties of the will under MQTT 5.0: will delay
     * ({@link MessageProperties.Builder#willDelay}), message expiry, payload format, content
     * type, response topic, correlation data and user properties (section 3.1.3.2). Default
     * {@link MessageProperties#NONE}. Used only with a will ({@link #setWill}); ignored under 3.1.1.
     *
     * <pre>{@code
     * opts.setWill("status/sensor-7", "offline", 1, true)
     *     .setWillProperties(MessageProperties.builder().willDelay(Duration.ofSeconds(30)).build());
     * }</pre>
     *
     * @param properties the properties, not {@code null}
     * @return this
     * @throws IllegalArgumentException if they hold subscription identifiers, which a will cannot carry
     * @since 0.2
     */
    public ClientOptions setWillProperties(MessageProperties properties) {
        Objects.requireNonNull(properties, "willProperties");
        if (!properties.subscriptionIdentifiers().isEmpty()) {
            throw new IllegalArgumentException("willProperties: subscription identifiers "
                    + properties.subscriptionIdentifiers() + " cannot be will properties (section 3.1.3.2)");
        }
        this.willProperties = properties;
        return this;
    }

    /**
     * Sets the enhanced authentication of MQTT 5.0 (section 4.12): its method and initial data
     * go in the CONNECT, and the client answers each AUTH challenge of the broker with
     * {@link Authenticator#onChallenge} until the CONNACK comes. Needs
     * {@code setProtocolVersion(5)}: under 3.1 and 3.1.1 {@code connect()} throws
     * {@link IllegalStateException}, since connecting without it would mislead.
     *
     * @param authenticator the authenticator, or {@code null} for none (the default)
     * @return this
     * @since 0.2
     */
    public ClientOptions setAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
        return this;
    }

    /**
     * Sets whether the client follows an MQTT 5.0 broker that points it elsewhere: a CONNACK or
     * DISCONNECT with reason code 0x9C (use another server) or 0x9D (server moved) and a Server
     * Reference property. The reference ({@code host}, {@code host:port}, or the first of a
     * space-separated list) is tried next with the scheme of the broker that sent it, so a TLS
     * connection is never redirected to plain TCP. At most three redirects are followed in a row,
     * so two brokers that point at each other cannot bounce the client forever; then the client
     * goes back to its own broker list. A DISCONNECT is followed by the reconnect, so only with
     * {@link #setAutoReconnect} on. Default {@code false}: the refusal or loss is reported and
     * the reference is readable from {@link MqttServerException#serverReference()}. Ignored
     * under 3.1.1.
     *
     * @param follow the flag
     * @return this
     * @since 0.2
     */
    public ClientOptions setFollowServerReference(boolean follow) {
        this.followServerReference = follow;
        return this;
    }

    private static Duration checkPositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + ": must be positive");
        }
        return d;
    }

    private static Duration checkRange(String name, Duration d, Duration min, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " " + d + ": must be between " + min + " and " + max);
        }
        return d;
    }

    private static int checkAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " " + value + ": must be at least " + min);
        }
        return value;
    }

    /** Returns a copy of the password bytes, or {@code null}: the client's own, cleared when it is closed. */
    byte[] password() {
        return password == null ? null : password.clone();
    }

    /** Returns the brokers with their user information apart; for the client only. */
    List<Broker> brokersWithUserInfo() {
        return List.copyOf(brokers);
    }

    /**
     * Returns the brokers added so far, in order, without user information (it goes into the
     * CONNECT only).
     *
     * @return the brokers
     */
    public List<URI> brokers() {
        return brokers.stream().map(Broker::uri).toList();
    }

    /**
     * Sets the proxy for {@code tcp} and TLS schemes. By default ({@code null}) Kite reads
     * {@code all_proxy} and {@code no_proxy} from the environment, as paho.mqtt.golang does;
     * {@link ProxyConfig#NONE} always connects directly. WebSocket schemes use the proxy of
     * {@link #setWebsocketOptions(WebsocketOptions)}.
     *
     * <pre>{@code
     * opts.setProxy(ProxyConfig.parse("socks5h://proxy.example:1080"));
     * }</pre>
     *
     * @param proxy the proxy, {@link ProxyConfig#NONE}, or {@code null} for the environment's
     * @return this
     * @since 0.1
     */
    public ClientOptions setProxy(ProxyConfig proxy) {
        this.proxy = proxy;
        return this;
    }

    /**
     * Sets the executor that runs message handlers, the lifecycle handlers (on-connect, connection
     * lost, state listener) and the dependents of {@code Token.toCompletableFuture()}. By default
     * ({@code null}) they run on the client's own threads: one handler thread per client when
     * order matters, a shared pool otherwise. With {@link #setOrderMatters order} (the default),
     * handlers still run one at a time in arrival order: the client hands the executor one task
     * per burst of messages, never two at once. The delivery bound
     * ({@link #setMessageChannelDepth}) holds as before, and a handler that publishes and waits for
     * its token does not deadlock. An executor that rejects a task, or never runs it, stops
     * delivery: give one that runs every task.
     *
     * <pre>{@code
     * opts.setExecutor(Executors.newFixedThreadPool(4));
     * }</pre>
     *
     * @param executor the executor, or {@code null} for the client's own threads
     * @return this
     * @since 0.3
     */
    public ClientOptions setExecutor(Executor executor) {
        this.executor = executor;
        return this;
    }

    /**
     * Returns the executor of {@link #setExecutor}, or {@code null}.
     *
     * @return the executor
     * @since 0.3
     */
    public Executor executor() {
        return executor;
    }

    /**
     * Sets where the client's own threads come from: the reader and the writer of each connection,
     * each connect attempt, the ordered handler thread (when no {@link #setExecutor executor} is
     * set) and one scheduler thread of the client's own for its timers (keepalive, timeouts),
     * stopped by {@code close()}. The factory names them as it likes. By default ({@code null})
     * they are virtual threads on Java 21+ and daemon platform threads on Java 17, named
     * {@code kite-reader-<client>} and so on, and the timers share one JVM-wide scheduler thread.
     *
     * @param threadFactory the factory, or {@code null} for the default
     * @return this
     * @since 0.3
     */
    public ClientOptions setThreadFactory(ThreadFactory threadFactory) {
        this.threadFactory = threadFactory;
        return this;
    }

    /**
     * Returns the thread factory of {@link #setThreadFactory}, or {@code null}.
     *
     * @return the factory
     * @since 0.3
     */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    /**
     * Sets the name the client's log lines carry: the value of the SLF4J MDC key
     * {@code kite.client} on the client's threads and around its calls into user code, and the
     * prefix of the messages it logs. By default ({@code null}) the client id, or
     * {@code anonymous-<n>} when the id is empty.
     *
     * <pre>{@code
     * opts.setClientName("orders-eu-1");  // logback: %X{kite.client}
     * }</pre>
     *
     * @param clientName the name, or {@code null} for the default
     * @return this
     * @throws IllegalArgumentException if empty or blank
     * @since 0.3
     */
    public ClientOptions setClientName(String clientName) {
        if (clientName != null && clientName.isBlank()) {
            throw new IllegalArgumentException("clientName '" + clientName + "': must not be blank (null for the client id)");
        }
        this.clientName = clientName;
        return this;
    }

    /**
     * Returns the name of {@link #setClientName}, or {@code null}.
     *
     * @return the name
     * @since 0.3
     */
    public String clientName() {
        return clientName;
    }

    @Override
    public String toString() {
        // a broker address may carry user:password; show it without
        return "ClientOptions[brokers=" + brokers
                + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "****") + ", cleanSession=" + cleanSession
                + ", protocolVersion=" + protocolVersion + ", keepAlive=" + keepAlive + "]";
    }
}
