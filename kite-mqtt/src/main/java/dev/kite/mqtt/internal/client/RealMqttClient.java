package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ClientOptionsReader;
import dev.kite.mqtt.ClientStats;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.ConnectionStateListener;
import dev.kite.mqtt.Disconnection;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.UnsubscribeToken;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.session.NoStore;
import dev.kite.mqtt.internal.session.Session;
import dev.kite.mqtt.internal.transport.Transports;
import dev.kite.mqtt.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
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

    // Final fields are read by the classes this client delegates to (ConnectHost, Publisher,
    // Subscriptions); the mutable ones only under the lock.
    final ClientConfig config;
    final String name;
    final ClientThreads threads;
    final Connector connector;
    final Store store;
    final Session session;
    final Dispatcher dispatcher;
    final Delivery delivery;
    final ReentrantLock lock = new ReentrantLock();
    final Condition idle = lock.newCondition();
    final ConnectLoop connectLoop;
    private final ConnectHost connecting = new ConnectHost(this);
    private final Publisher publisher = new Publisher(this);
    private final Subscriptions subscriptions = new Subscriptions(this);
    final Requester requester = new Requester(this);
    private final ClientShutdown shutdown = new ClientShutdown(this);
    /** Held by connect, disconnect and close for their whole run: one at a time. Taken before {@link #lock}. */
    final ReentrantLock lifecycle = new ReentrantLock();
    final ControlPackets control = new ControlPackets(this);
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    final SerialExecutor callbacks;

    // Guarded by lock.
    ConnectionState state = ConnectionState.DISCONNECTED;
    Connection connection;
    Tokens.Connect connectToken;
    ProtocolVersion lockedVersion;
    /** A disconnect is under way: received messages are dropped, a lost connection is not replaced. */
    boolean stopping;
    /** disconnect() ran: calls queue for the next connect(), which starts afresh, not as a reconnect. */
    boolean disconnected;
    /** close() ran: the client is done for good. */
    boolean closed;
    boolean everConnected;
    long reconnects;

    /**
     * Creates a client; use {@link MqttClient#create(dev.kite.mqtt.ClientOptions)}.
     *
     * @param config the frozen options
     * @param password the client's own copy of the password bytes, or null; cleared when the client is closed
     * @param brokers the snapshot's brokers with their user information apart
     */
    public RealMqttClient(ClientConfig config, byte[] password, List<Broker> brokers) {
        this.config = config;
        long id = IDS.incrementAndGet();
        this.name = (config.clientId().isEmpty() ? "anonymous" : config.clientId()) + "-" + id;
        ClientConfig.Threading threading = config.threading();
        String logName = threading.clientName() != null ? threading.clientName()
                : config.clientId().isEmpty() ? "anonymous-" + id : config.clientId();
        this.threads = new ClientThreads(logName, name, threading.threadFactory(), threading.executor());
        this.callbacks = new SerialExecutor(threads.callbacks());
        this.connector = new Connector(config, password, brokers, Transports::open);
        connector.useScheduler(threads.scheduler());
        this.connectLoop = new ConnectLoop(lock, connecting, connector,
                new Backoff(Duration.ofSeconds(1), config.maxReconnectInterval()), config.connectRetryInterval(),
                ConnectLoop.Timer.on(threads), task -> threads.start("connect", task),
                () -> ThreadLocalRandom.current().nextDouble());
        // without a store of the user's, nothing outlives the client: the session keeps it all in memory
        this.store = config.store() != null ? config.store() : new NoStore();
        this.store.open();
        this.session = new Session(store, new Session.Settings(config.maxInflight(), config.maxQueuedMessages(),
                config.maxResumePubInFlight(), config.resubscribe(), config.resumeSubs(),
                config.strictReceiveMaximum()));
        try (ClientThreads.Scope named = threads.enter()) {
            int restored = session.restore();
            if (restored > 0) {
                log.info("{}: {} messages restored from the store; they are sent once connected", logName, restored);
            }
        }
        this.delivery = new Delivery(this, config.defaultPublishHandler(), !config.autoAckDisabled(),
                config.orderMatters(), config.messageChannelDepth(), config.messageChannelBytes(), threads,
                config.observer());
        this.dispatcher = delivery.dispatcher();
    }

    @Override
    public ConnectToken connect() {
        try (ClientThreads.Scope named = threads.enter()) {
            return connecting.connect();
        }
    }

    static final Consumer<Packet> NOWHERE = p -> { };

    /** Where the session's packets go: the connection's outbox (one object per connection, not per call). */
    static Consumer<Packet> outbox(Connection conn) {
        return conn == null ? NOWHERE : conn.outbox();
    }

    @Override
    public void onPacket(Connection conn, Packet p) {
        // on the reader: what the session sends in answer waits for the wake at the end of the read
        received.increment();
        switch (p.type()) {
            case Packet.Type.PUBLISH -> onPublish(conn, (Publish) p);
            case Packet.Type.PUBACK, Packet.Type.PUBREC, Packet.Type.PUBCOMP, Packet.Type.SUBACK,
                    Packet.Type.UNSUBACK, Packet.Type.PUBREL -> {
                lock.lock();
                try {
                    if (conn == connection && p.type() == Packet.Type.PUBREL) {
                        session.onPubrel(p.packetId(), conn.writer().inOpenBatch());
                    } else if (conn == connection) {
                        session.onAck(p, conn.writer().inOpenBatch());
                    }
                    signalIfIdle();
                } finally {
                    lock.unlock();
                }
            }
            case Packet.Type.PINGRESP -> {
                // the connection cleared its ping
            }
            default -> control.received(conn, p);
        }
    }

    private void onPublish(Connection conn, Publish received) {
        Publish p;
        boolean deliver;
        lock.lock();
        try {
            if (conn != connection || stopping) {
                // disconnecting: a message not taken is not acknowledged, so a persistent session
                // gets it again, and the quiesce waits only for the flows already open
                return;
            }
            p = session.resolveTopic(received);
            deliver = session.onPublish(p, conn.writer().inOpenBatch());
        } finally {
            lock.unlock();
        }
        if (!deliver) {
            return;
        }
        assert !lock.isHeldByCurrentThread();
        delivery.deliver(new ReceivedMessage(p, conn, this));
    }

    /**
     * Queues the acknowledgement of a message delivered on {@code conn}, in the order the protocol
     * requires, in {@code batch}: a batch of {@code conn}'s writer that the calling thread has
     * open, whose close wakes the writer.
     */
    void acknowledge(Connection conn, int qos, int packetId, Writer.Batch batch) {
        lock.lock();
        try {
            if (conn == connection) {
                session.acknowledge(qos, packetId, batch);
                signalIfIdle();
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
        connecting.lost(conn, cause);
    }

    @Override
    public Token reauthenticate() {
        return control.reauthenticate();
    }

    @Override
    public PublishToken publish(String topic, int qos, boolean retained, byte[] payload) {
        return publisher.publish(topic, qos, retained, payload);
    }

    @Override
    public PublishToken publish(String topic, int qos, boolean retained, byte[] payload, MessageProperties properties) {
        return publisher.publish(topic, qos, retained, payload, properties);
    }

    @Override
    public CompletableFuture<Message> request(String topic, byte[] payload, int qos, Duration timeout) {
        return requester.request(topic, payload, qos, timeout);
    }

    @Override
    public SubscribeToken subscribe(List<Subscription> filters, MessageHandler handler) {
        return subscriptions.subscribe(filters, handler);
    }

    @Override
    public SubscribeToken subscribe(String filter, int qos, MessageHandler handler) {
        return subscriptions.subscribe(filter, qos, handler);
    }

    @Override
    public SubscribeToken subscribeMultiple(Map<String, Integer> filters, MessageHandler handler) {
        return subscriptions.subscribeMultiple(filters, handler);
    }

    @Override
    public UnsubscribeToken unsubscribe(String... filters) {
        return subscriptions.unsubscribe(filters);
    }

    @Override
    public void addRoute(String filter, MessageHandler handler) {
        subscriptions.addRoute(filter, handler);
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
        return underLock(() -> new ClientStats(session.inflightCount(),
                session.waitingCount() + (connection == null ? 0 : connection.writer().queued()), sent.sum(),
                received.sum(), delivery.delivered(), reconnects, session.ignoredAcks(), dispatcher.pending(),
                session.overReceiveMaximum()));
    }

    @Override
    public void disconnect(long quiesceMillis, Disconnection how) {
        if (quiesceMillis < 0) {
            throw new IllegalArgumentException("quiesceMillis " + quiesceMillis + ": must be >= 0");
        }
        shutdown.disconnect(quiesceMillis, control.farewell(how));
    }

    @Override
    public void close() {
        shutdown.close();
    }

    /** Changes the state and tells the listener, in order. */
    void setState(ConnectionState to) {
        assert lock.isHeldByCurrentThread();
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

    /**
     * Ends the open flows of a clean session whose connection ended with none to follow (a
     * disconnect, or a loss without auto-reconnect): the next connect starts a new session. A
     * persistent session keeps them to resend, as after a loss.
     */
    void endFlowsIfCleanSession(Throwable why) {
        assert lock.isHeldByCurrentThread();
        if (config.cleanSession()) {
            session.failAll(why);
        }
    }

    void checkOpen() {
        assert lock.isHeldByCurrentThread();
        if (closed) {
            throw new IllegalStateException("client is closed: create a new client"
                    + " (disconnect() leaves a client that connect() can start again; close() ends it)");
        }
    }

    /** Returns whether no flow is open, outbound or inbound. */
    boolean isQuiet() {
        assert lock.isHeldByCurrentThread();
        return session.isIdle() && session.isInboundIdle();
    }

    void signalIfIdle() {
        assert lock.isHeldByCurrentThread();
        if (isQuiet()) {
            idle.signalAll();
        }
    }

    static void runUserCode(String what, Runnable code) {
        try {
            code.run();
        } catch (RuntimeException | Error e) {
            log.error("{} threw; the client goes on", what, e);
        }
    }
}
