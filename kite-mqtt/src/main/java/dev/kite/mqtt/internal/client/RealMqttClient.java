package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ClientOptionsReader;
import dev.kite.mqtt.ClientStats;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.ConnectionStateListener;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.session.NoStore;
import dev.kite.mqtt.internal.session.Session;
import dev.kite.mqtt.internal.transport.Transports;
import dev.kite.mqtt.store.Store;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of {@link MqttClient}. It owns the session (which survives
 * connections), the current {@link Connection}, the connect loop and the dispatcher. One lock
 * guards the session, the state and the current connection; it is never held across user code.
 * See CONCURRENCY.md for who runs what.
 */
public final class RealMqttClient implements MqttClient, Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(RealMqttClient.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final ClientConfig config;
    private final String name;
    private final Connector connector;
    private final Store store;
    private final Session session;
    private final Dispatcher dispatcher;
    private final Delivery delivery;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final ConnectLoop connectLoop;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final SerialExecutor callbacks = new SerialExecutor(Threads.CALLBACKS);

    // Guarded by lock.
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private Connection connection;
    private Tokens.Connect connectToken;
    private ProtocolVersion lockedVersion;
    private boolean closed;
    private boolean everConnected;
    private long reconnects;

    /**
     * Creates a client; use {@link MqttClient#create(dev.kite.mqtt.ClientOptions)}.
     *
     * @param config the frozen options
     * @param password the client's own copy of the password bytes, or null; cleared when the client is closed
     * @param brokers the snapshot's brokers with their user information apart
     */
    public RealMqttClient(ClientConfig config, byte[] password, List<Broker> brokers) {
        this.config = config;
        this.name = (config.clientId().isEmpty() ? "anonymous" : config.clientId()) + "-" + IDS.incrementAndGet();
        this.connector = new Connector(config, password, brokers, Transports::open);
        this.connectLoop = new ConnectLoop(lock, new LoopHost(), connector,
                new Backoff(Duration.ofSeconds(1), config.maxReconnectInterval()), config.connectRetryInterval(),
                ConnectLoop.Timer.shared(), task -> Threads.start("kite-connect-" + name, task),
                () -> ThreadLocalRandom.current().nextDouble());
        // without a store of the user's, nothing outlives the client: the session keeps it all in memory
        this.store = config.store() != null ? config.store() : new NoStore();
        this.store.open();
        this.session = new Session(store, new Session.Settings(config.maxInflight(), config.maxQueuedMessages(),
                config.maxResumePubInFlight(), config.resubscribe(), config.resumeSubs()));
        int restored = session.restore();
        if (restored > 0) {
            log.info("{} messages restored from the store; they are sent once connected", restored);
        }
        this.delivery = new Delivery(this, config.defaultPublishHandler(), !config.autoAckDisabled(),
                config.orderMatters(), config.messageChannelDepth(), config.messageChannelBytes(), name);
        this.dispatcher = delivery.dispatcher();
    }

    @Override
    public ConnectToken connect() {
        lock.lock();
        try {
            checkOpen();
            if (state == ConnectionState.CONNECTED) {
                Tokens.Connect done = new Tokens.Connect(dispatcher);
                done.connack(0, connectToken != null && connectToken.sessionPresent());
                done.complete(null);
                return done;
            }
            if (state != ConnectionState.DISCONNECTED) {
                return connectToken;
            }
            connectToken = new Tokens.Connect(dispatcher);
            setState(ConnectionState.CONNECTING);
            connectLoop.start(everConnected);
            return connectToken;
        } finally {
            lock.unlock();
        }
    }

    /** The client's side of the connect loop: state, token and handlers. */
    private final class LoopHost implements ConnectLoop.Host {
        @Override
        public void beforeReconnect() {
            if (config.reconnectingHandler() != null) {
                runUserCode("reconnecting handler",
                        () -> config.reconnectingHandler().reconnecting(RealMqttClient.this, optionsReader()));
            }
        }

        @Override
        public ProtocolVersion attempting(boolean reconnect) {
            assert lock.isHeldByCurrentThread();
            setState(reconnect ? ConnectionState.CONNECTING_RECONNECT : ConnectionState.CONNECTING);
            return lockedVersion;
        }

        @Override
        public boolean install(Connector.Accepted accepted, boolean reconnect) {
            return RealMqttClient.this.install(accepted);
        }

        @Override
        public boolean failed(MqttException error, boolean reconnect) {
            assert lock.isHeldByCurrentThread();
            if (!reconnect && !config.connectRetry()) {
                setState(ConnectionState.DISCONNECTED);
                connectToken.connack(error instanceof ConnectionRefusedException r ? r.code() : -1, false);
                connectToken.fail(error);
                log.info("connect failed: {}", error.getMessage());
                return false;
            }
            setState(reconnect ? ConnectionState.DISCONNECTED_RECONNECT : ConnectionState.CONNECTING);
            return true;
        }

        /**
         * Ends the connect loop that an error the loop does not expect broke (an
         * {@code OutOfMemoryError}, an {@code Error} from a credentials provider or an attempt
         * handler): the client goes to DISCONNECTED and the connect token fails, instead of staying
         * CONNECTING with a token nobody completes. The loop is not restarted: an error is not a
         * refusal worth retrying; {@code connect()} starts a new one.
         */
        @Override
        public void broken(Throwable cause) {
            MqttException error = new MqttException("connect failed: " + cause, cause);
            lock.lock();
            try {
                if (closed || state == ConnectionState.CONNECTED) {
                    // disconnect fails the token, or the connection was installed before the error
                    return;
                }
                setState(ConnectionState.DISCONNECTED);
                if (connectToken != null && !connectToken.isDone()) {
                    connectToken.fail(error);
                }
            } finally {
                lock.unlock();
            }
            log.error("the connect thread failed; the client stays disconnected until connect() is called", cause);
        }
    }

    /** Makes an accepted connection the current one; false if the client closed meanwhile. */
    private boolean install(Connector.Accepted accepted) {
        Connection conn = new Connection(this, accepted.link(), accepted.decoder(), accepted.early(),
                config.keepAlive(), config.pingTimeout(), config.writeTimeout(), name, config.packetListener());
        boolean sessionPresent = accepted.connack().sessionPresent();
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            connection = conn;
            lockedVersion = accepted.version();
            setState(ConnectionState.CONNECTED);
            conn.start();
            session.onConnected(sessionPresent, outbox(conn));
            if (everConnected) {
                reconnects++;
            }
            everConnected = true;
            connectToken.connack(0, sessionPresent);
            connectToken.complete(null);
            signalIfIdle();
        } finally {
            lock.unlock();
        }
        log.info("connected to {} with MQTT {} (session present: {})", accepted.link().describe(),
                accepted.version() == ProtocolVersion.MQTT_3_1 ? "3.1" : "3.1.1", sessionPresent);
        if (config.onConnectHandler() != null) {
            callbacks.execute(() -> config.onConnectHandler().onConnect(this));
        }
        return true;
    }

    private static final Consumer<Packet> NOWHERE = p -> {
    };

    /** Where the session's packets go: the connection's outbox (one object per connection, not per call). */
    private static Consumer<Packet> outbox(Connection conn) {
        return conn == null ? NOWHERE : conn.outbox();
    }

    @Override
    public void onPacket(Connection conn, Packet p) {
        // on the reader: what the session sends in answer waits for the wake at the end of the read
        received.increment();
        switch (p.type()) {
            case Packet.Type.PUBLISH -> onPublish(conn, (Publish) p);
            case Packet.Type.PUBACK, Packet.Type.PUBREC, Packet.Type.PUBCOMP, Packet.Type.SUBACK,
                    Packet.Type.UNSUBACK -> {
                lock.lock();
                try {
                    if (conn == connection) {
                        session.onAck(p, conn.quietOutbox());
                        signalIfIdle();
                    }
                } finally {
                    lock.unlock();
                }
            }
            case Packet.Type.PUBREL -> {
                lock.lock();
                try {
                    if (conn == connection) {
                        session.onPubrel(p.packetId(), conn.quietOutbox());
                    }
                } finally {
                    lock.unlock();
                }
            }
            case Packet.Type.PINGRESP -> {
                // the connection cleared its ping
            }
            case Packet.Type.CONNACK -> conn.fail(new MqttProtocolException(
                    "CONNACK from the broker after the connection was accepted: it is sent once [MQTT-3.2.0-1]"));
            default -> conn.fail(new MqttProtocolException(Packet.Type.name(p.type())
                    + " from the broker: only a client sends it (section 2.2.1, table 2.1)"));
        }
    }

    private void onPublish(Connection conn, Publish p) {
        boolean deliver;
        lock.lock();
        try {
            if (conn != connection) {
                return;
            }
            deliver = session.onPublish(p, conn.quietOutbox());
        } finally {
            lock.unlock();
        }
        if (!deliver) {
            return;
        }
        delivery.deliver(new ReceivedMessage(p, conn, this));
    }

    /**
     * Sends the acknowledgement of a delivered message, in the order the protocol requires.
     * Without {@code wake} the writer is not woken: the caller wakes it later.
     */
    void acknowledge(Connection conn, int qos, int packetId, boolean wake) {
        lock.lock();
        try {
            if (conn == connection) {
                session.acknowledge(qos, packetId, wake ? outbox(conn) : conn.quietOutbox());
            } else {
                session.acknowledgeStale(qos, packetId, connection == null ? null : outbox(connection));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onReadDone() {
        delivery.wake();
    }

    @Override
    public void onWritten(int packets) {
        sent.add(packets);
    }

    @Override
    public void onLost(Connection conn, Throwable cause) {
        boolean reconnect;
        lock.lock();
        try {
            if (conn != connection) {
                return;
            }
            connection = null;
            session.onConnectionLost();
            if (closed) {
                return;
            }
            reconnect = config.autoReconnect();
            if (config.connectionLostHandler() != null) {
                callbacks.execute(() -> config.connectionLostHandler().connectionLost(this, cause));
            }
            setState(reconnect ? ConnectionState.DISCONNECTED_RECONNECT : ConnectionState.DISCONNECTED);
            if (reconnect) {
                connectLoop.start(true);
            }
        } finally {
            lock.unlock();
        }
        log.warn("connection lost: {}{}", cause.getMessage(), reconnect ? "; reconnecting" : "");
    }

    @Override
    public PublishToken publish(String topic, int qos, boolean retained, byte[] payload) {
        Publish p = Requests.publish(topic, qos, retained, payload);
        Tokens.Publish token = new Tokens.Publish(dispatcher);
        // what the session lets out now is sent after the lock is released: the caller's thread
        // may write it itself (see Connection.sendDirect), and a write may block
        Connection conn = null;
        Packet now = null;
        boolean completeOnWrite = false;
        lock.lock();
        try {
            checkOpen();
            if (state == ConnectionState.DISCONNECTED) {
                token.fail(new MqttClientException("not connected: call connect() first"));
            } else if (qos == 0 && state == ConnectionState.CONNECTED && session.waitingCount() == 0) {
                // the common QoS 0 path: straight to the connection, completed once written
                conn = connection;
                now = p;
                completeOnWrite = true;
            } else if (qos == 0 && state != ConnectionState.CONNECTED && !config.queueQos0WhileDisconnected()) {
                token.fail(new MqttClientException("not connected: a QoS 0 message is not queued while disconnected"
                        + " (setQueueQos0WhileDisconnected)"));
            } else {
                Outbox out = new Outbox();
                try {
                    session.publish(p, token, connection == null ? NOWHERE : out);
                } catch (MqttClientException full) {
                    token.fail(full);
                }
                conn = connection;
                now = out.packet;
            }
        } finally {
            lock.unlock();
        }
        if (now != null) {
            send(conn, now, completeOnWrite ? token : null);
        }
        return token;
    }

    /** Sends a packet the session let out during a publish, from the caller's thread. */
    private void send(Connection conn, Packet packet, Tokens.Publish qos0Token) {
        if (!conn.sendDirect(packet, qos0Token) && qos0Token != null) {
            qos0Token.fail(new MqttClientException("connection lost before the QoS 0 message was sent"));
        }
        // a QoS 1/2 message not sent stays in the session and goes out again after a reconnect
    }

    /** Catches the one packet a session's publish lets out, to send it after the lock. */
    private static final class Outbox implements Consumer<Packet> {
        Packet packet;

        @Override
        public void accept(Packet p) {
            if (packet != null) {
                throw new IllegalStateException("a publish let out two packets: " + packet + ", " + p);
            }
            packet = p;
        }
    }

    @Override
    public SubscribeToken subscribe(String filter, int qos, MessageHandler handler) {
        Map<String, Integer> one = new LinkedHashMap<>();
        one.put(filter, qos);
        return subscribeMultiple(one, handler);
    }

    @Override
    public SubscribeToken subscribeMultiple(Map<String, Integer> filters, MessageHandler handler) {
        List<Subscribe.Subscription> subs = Requests.subscriptions(filters);
        Tokens.Subscribe token = new Tokens.Subscribe(dispatcher, List.copyOf(filters.keySet()));
        lock.lock();
        try {
            checkOpen();
            if (handler != null) {
                subs.forEach(sub -> delivery.route(TopicFilter.parse(sub.filter()), handler));
            }
            if (state == ConnectionState.DISCONNECTED) {
                token.fail(new MqttClientException("not connected: call connect() first"));
            } else {
                session.subscribe(subs, token, outbox(connection));
                boundAck(token, "SUBACK", "SUBSCRIBE of " + filters.keySet());
            }
        } finally {
            lock.unlock();
        }
        return token;
    }

    @Override
    public Token unsubscribe(String... filters) {
        List<String> list = Requests.filters(filters);
        BaseToken token = new BaseToken(dispatcher);
        lock.lock();
        try {
            checkOpen();
            list.forEach(delivery::unroute);
            if (state == ConnectionState.DISCONNECTED) {
                token.fail(new MqttClientException("not connected: call connect() first"));
            } else {
                session.unsubscribe(list, token, outbox(connection));
                boundAck(token, "UNSUBACK", "UNSUBSCRIBE of " + list);
            }
        } finally {
            lock.unlock();
        }
        return token;
    }

    /**
     * Fails a SUBSCRIBE/UNSUBSCRIBE token whose acknowledgement has not come within the ack
     * timeout, abandons the request and, if it was sent on the current connection, closes that
     * connection (see {@link dev.kite.mqtt.ClientOptions#setAckTimeout}). Called under the lock.
     */
    private void boundAck(BaseToken token, String ack, String request) {
        if (token.isDone()) {
            return;
        }
        Duration bound = config.ackTimeout();
        java.util.concurrent.ScheduledFuture<?> timer = Threads.SCHEDULER.schedule(Threads.guarded(() -> {
            MqttConnectionException timeout = new MqttConnectionException("no " + ack + " within "
                    + bound.toMillis() + " ms for the " + request + " (setAckTimeout)");
            Connection drop = null;
            lock.lock();
            try {
                if (token.isDone()) {
                    return;
                }
                if (session.abandon(token)) {
                    drop = connection;
                }
                token.fail(timeout);
            } finally {
                lock.unlock();
            }
            if (drop != null) {
                drop.fail(timeout);
            }
        }, e -> token.fail(new MqttConnectionException("the " + ack + " timeout of the " + request + " failed: " + e, e))),
                bound.toNanos(), TimeUnit.NANOSECONDS);
        token.future.whenComplete((r, e) -> timer.cancel(false));
    }

    @Override
    public void addRoute(String filter, MessageHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        underLock(() -> {
            checkOpen();
            return null;
        });
        delivery.route(TopicFilter.parse(filter), handler);
    }

    @Override
    public boolean isConnected() {
        return underLock(() -> state == ConnectionState.CONNECTED);
    }

    @Override
    public boolean isConnectionOpen() {
        return underLock(() -> connection != null);
    }

    @Override
    public ConnectionState state() {
        return underLock(() -> state);
    }

    @Override
    public ClientOptionsReader optionsReader() {
        // the record holds no secret: the password and the brokers' user information are the connector's
        return config;
    }

    @Override
    public ClientStats stats() {
        lock.lock();
        try {
            int queued = session.waitingCount() + (connection == null ? 0 : connection.queued());
            return new ClientStats(session.inflightCount(), queued, sent.sum(), received.sum(), delivery.delivered(),
                    reconnects, session.ignoredAcks());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void disconnect(long quiesceMillis) {
        if (quiesceMillis < 0) {
            throw new IllegalArgumentException("quiesceMillis " + quiesceMillis + ": must be >= 0");
        }
        Connection conn;
        Thread connecting;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            setState(ConnectionState.DISCONNECTING);
            connectLoop.stop();
            connector.abort();
            conn = connection;
            connecting = connectLoop.running();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quiesceMillis);
            while (conn != null && conn == connection && !session.isIdle() && !delivery.isDispatchThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            conn = connection;
            connecting = connectLoop.running();
        } finally {
            lock.unlock();
        }
        delivery.shutdown();
        if (conn != null) {
            conn.close(true, Duration.ofMillis(Math.max(quiesceMillis, 1000)));
        }
        if (connecting != null && connecting != Thread.currentThread()) {
            try {
                connecting.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        MqttClientException disconnected = new MqttClientException("client disconnected");
        lock.lock();
        try {
            connection = null;
            session.failAll(disconnected);
            if (connectToken != null && !connectToken.isDone()) {
                connectToken.fail(disconnected);
            }
            setState(ConnectionState.DISCONNECTED);
        } finally {
            lock.unlock();
        }
        delivery.stop(Duration.ofSeconds(5));
        store.close();
        connector.clearSecrets();
        log.info("disconnected");
    }

    @Override
    public void close() {
        disconnect(0);
    }

    /** Changes the state and tells the listener, in order. Called under the lock. */
    private void setState(ConnectionState to) {
        ConnectionState from = state;
        if (from == to) {
            return;
        }
        state = to;
        ConnectionStateListener listener = config.stateListener();
        if (listener != null) {
            callbacks.execute(() -> listener.stateChanged(this, from, to));
        }
    }

    private <T> T underLock(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("client is disconnected: create a new client to connect again");
        }
    }

    private void signalIfIdle() {
        if (session.isIdle()) {
            idle.signalAll();
        }
    }

    private static void runUserCode(String what, Runnable code) {
        try {
            code.run();
        } catch (RuntimeException | Error e) {
            log.error("{} threw; the client goes on", what, e);
        }
    }
}
