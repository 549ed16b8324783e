package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.ClientOptionsReader;
import dev.kite.mqtt.ConnectionAttemptHandler;
import dev.kite.mqtt.ConnectionLostHandler;
import dev.kite.mqtt.ConnectionStateListener;
import dev.kite.mqtt.CredentialsProvider;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.OnConnectHandler;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ReconnectHandler;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import dev.kite.mqtt.transport.WebsocketOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The options a client runs with, frozen when it is created: what {@code MqttClient.create} makes
 * of a {@code ClientOptions}, and what {@code optionsReader()} returns. A record, so an option
 * that is added to the builder and forgotten here fails to compile where the builder freezes.
 * Lists, maps and arrays are copied in and out. The secrets are not here: the password and the
 * brokers' user information go to the {@link Connector} alone, so this is safe to hand out.
 */
public record ClientConfig(
        List<URI> brokers,
        String clientId,
        String username,
        boolean hasPassword,
        CredentialsProvider credentialsProvider,
        boolean cleanSession,
        boolean orderMatters,
        String willTopic,
        byte[] willPayload,
        int willQos,
        boolean willRetained,
        int protocolVersion,
        TlsConfig tlsConfig,
        Duration keepAlive,
        Duration pingTimeout,
        Duration connectTimeout,
        Duration ackTimeout,
        Duration maxReconnectInterval,
        boolean autoReconnect,
        Duration connectRetryInterval,
        boolean connectRetry,
        Store store,
        MessageHandler defaultPublishHandler,
        OnConnectHandler onConnectHandler,
        ConnectionLostHandler connectionLostHandler,
        ReconnectHandler reconnectingHandler,
        ConnectionAttemptHandler connectionAttemptHandler,
        Duration writeTimeout,
        int messageChannelDepth,
        long messageChannelBytes,
        boolean resumeSubs,
        Map<String, List<String>> httpHeaders,
        WebsocketOptions websocketOptions,
        int maxResumePubInFlight,
        boolean autoAckDisabled,
        int maxIncomingPacketSize,
        int maxInflight,
        int maxQueuedMessages,
        boolean queueQos0WhileDisconnected,
        boolean resubscribe,
        ConnectionStateListener stateListener,
        PacketListener packetListener,
        ClientObserver observer,
        ProxyConfig proxy,
        V5 v5,
        Threading threading) implements ClientOptionsReader {

    /**
     * Where the client's code runs and what its logs call it; see {@code ClientOptions.setExecutor},
     * {@code setThreadFactory} and {@code setClientName}.
     *
     * @param executor runs handlers and callbacks, or null for the client's own threads
     * @param threadFactory makes the client's threads, or null for the default
     * @param clientName the name in logs, or null for the client id
     */
    public record Threading(Executor executor, ThreadFactory threadFactory, String clientName) {
        /** No executor, no factory, the default name. */
        public static final Threading DEFAULTS = new Threading(null, null, null);
    }

    /**
     * The options only MQTT 5.0 has, apart so the record stays readable; see the setters of
     * {@code ClientOptions} of the same names.
     *
     * @param sessionExpiryInterval the interval asked for, or null for the default (see {@link #sessionExpiry})
     */
    public record V5(Duration sessionExpiryInterval, int receiveMaximum, int topicAliasMaximum,
                     boolean outboundTopicAliases, boolean requestProblemInformation,
                     boolean requestResponseInformation, List<UserProperty> userProperties,
                     MessageProperties willProperties, Authenticator authenticator,
                     boolean followServerReference, boolean strictReceiveMaximum) {
        /** Copies the user properties. */
        public V5 {
            userProperties = List.copyOf(userProperties);
        }
    }

    /** Copies what could change under the client: the broker list, the will payload, the headers. */
    public ClientConfig {
        brokers = List.copyOf(brokers);
        willPayload = willPayload == null ? null : willPayload.clone();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        httpHeaders.forEach((name, values) -> headers.put(name, List.copyOf(values)));
        httpHeaders = Collections.unmodifiableMap(headers);
    }

    /**
     * Returns the Session Expiry Interval a 5.0 CONNECT carries, in seconds: the one set, or by
     * default 0 with a clean session and 4,294,967,295 (never) without.
     */
    long sessionExpiry() {
        if (v5.sessionExpiryInterval() != null) {
            return v5.sessionExpiryInterval().getSeconds();
        }
        return cleanSession ? 0 : 0xFFFF_FFFFL;
    }

    @Override
    public Duration sessionExpiryInterval() {
        return v5.sessionExpiryInterval();
    }

    @Override
    public int receiveMaximum() {
        return v5.receiveMaximum();
    }

    @Override
    public boolean strictReceiveMaximum() {
        return v5.strictReceiveMaximum();
    }

    @Override
    public int topicAliasMaximum() {
        return v5.topicAliasMaximum();
    }

    @Override
    public boolean outboundTopicAliases() {
        return v5.outboundTopicAliases();
    }

    @Override
    public boolean requestProblemInformation() {
        return v5.requestProblemInformation();
    }

    @Override
    public boolean requestResponseInformation() {
        return v5.requestResponseInformation();
    }

    @Override
    public List<UserProperty> userProperties() {
        return v5.userProperties();
    }

    @Override
    public MessageProperties willProperties() {
        return v5.willProperties();
    }

    @Override
    public Authenticator authenticator() {
        return v5.authenticator();
    }

    @Override
    public boolean followServerReference() {
        return v5.followServerReference();
    }

    /** Returns the observers one by one; {@link #observer} is them as one, or null. */
    @Override
    public List<ClientObserver> observers() {
        return observer instanceof Observers all ? all.list() : List.of();
    }

    @Override
    public boolean willEnabled() {
        return willTopic != null;
    }

    /** Returns a copy of the will payload, or {@code null}. */
    @Override
    public byte[] willPayload() {
        return willPayload == null ? null : willPayload.clone();
    }

    @Override
    public String toString() {
        // the handlers' and stores' own strings say nothing useful; the password is not here
        return "ClientConfig[brokers=" + brokers + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (hasPassword ? "****" : "none") + ", cleanSession=" + cleanSession
                + ", protocolVersion=" + protocolVersion + ", keepAlive=" + keepAlive + "]";
    }
}
