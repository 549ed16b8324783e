package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ProtocolVersion;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of the {@link ConnectLoop}: the state before and after each attempt, the
 * connect token, the reconnecting and on-connect handlers, and the installing of an accepted
 * connection.
 */
final class ConnectHost implements ConnectLoop.Host {
    private static final Logger log = LoggerFactory.getLogger(ConnectHost.class);

    private final RealMqttClient c;
    /** Server references followed in a row by reconnecting after a DISCONNECT; guarded by the client lock. */
    private int redirects;

    ConnectHost(RealMqttClient client) {
        this.c = client;
    }

    /**
     * Starts connecting unless connected or connecting; returns the token of the connect. After
     * {@code disconnect()} it starts afresh: at once, as a first connect. Waits for a disconnect
     * under way (the lifecycle lock).
     */
    ConnectToken connect() {
        if (c.config.authenticator() != null && (c.config.protocolVersion() & 0x7F) != 5) {
            throw new IllegalStateException("an Authenticator needs MQTT 5.0: call setProtocolVersion(5)"
                    + " (MQTT 3.1.1 has no enhanced authentication, section 4.12 of MQTT 5.0)");
        }
        c.lifecycle.lock();
        c.lock.lock();
        try {
            c.checkOpen();
            if (c.state == ConnectionState.CONNECTED) {
                Tokens.Connect done = new Tokens.Connect(c.threads.callbacks());
                Tokens.Connect last = c.connectToken;
                done.connack(0, last != null && last.sessionPresent(),
                        last != null ? last.connack() : ConnackProperties.DEFAULTS);
                done.complete(null);
                return done;
            }
            if (c.state != ConnectionState.DISCONNECTED) {
                return c.connectToken;
            }
            c.connectToken = new Tokens.Connect(c.threads.callbacks());
            c.setState(ConnectionState.CONNECTING);
            boolean again = c.disconnected;
            if (again) {
                c.disconnected = false;
                c.connector.resume();
                c.connectLoop.resume();
            }
            c.connectLoop.start(c.everConnected && !again);
            return c.connectToken;
        } finally {
            c.lock.unlock();
            c.lifecycle.unlock();
        }
    }

    /**
     * Takes a lost connection: tells the handler and, with auto-reconnect, starts the loop again;
     * towards the server a 5.0 DISCONNECT pointed to, if the options say to follow it (at most
     * {@link ServerReference#MAX_IN_A_ROW} times in a row).
     */
    void lost(Connection conn, Throwable cause) {
        boolean reconnect;
        c.lock.lock();
        try {
            if (conn != c.connection) {
                return;
            }
            if (cause instanceof MqttServerException e && redirects < ServerReference.MAX_IN_A_ROW
                    && c.config.autoReconnect() && c.connector.redirectAfter(e, conn.broker())) {
                redirects++;
            } else {
                redirects = 0;
            }
            c.connection = null;
            c.control.finish(conn, cause);
            c.session.onConnectionLost();
            if (c.stopping || c.closed) {
                // a disconnect waiting for this connection's flows has nothing left to wait for
                c.idle.signalAll();
                return;
            }
            reconnect = c.config.autoReconnect();
            if (!reconnect) {
                c.endFlowsIfCleanSession(new MqttConnectionException("connection lost before the flow completed,"
                        + " and no reconnect follows (setAutoReconnect(false), clean session): " + cause.getMessage(),
                        cause));
            }
            if (c.config.connectionLostHandler() != null) {
                c.callbacks.execute(() -> c.config.connectionLostHandler().connectionLost(c, cause));
            }
            observe(o -> o.connectionLost(c, cause));
            c.setState(reconnect ? ConnectionState.DISCONNECTED_RECONNECT : ConnectionState.DISCONNECTED);
            if (reconnect) {
                c.connectLoop.start(true);
            }
        } finally {
            c.lock.unlock();
        }
        // the first loss of a window at WARN, the others of a broker outage at DEBUG and in the summary
        boolean first = Summary.count(Summary.Event.LOST, c.threads.logName());
        String how = reconnect ? "; reconnecting" : "";
        if (first) {
            log.warn("{}: connection lost: {}{}", c.threads.logName(), cause.getMessage(), how);
        } else {
            log.debug("{}: connection lost: {}{}", c.threads.logName(), cause.getMessage(), how);
        }
    }

    @Override
    public void beforeReconnect() {
        assert !c.lock.isHeldByCurrentThread() : "user code under the client lock";
        if (c.config.reconnectingHandler() != null) {
            c.runUserCode("reconnecting handler",
                    () -> c.config.reconnectingHandler().reconnecting(c, c.optionsReader()));
        }
    }

    @Override
    public ProtocolVersion attempting(boolean reconnect) {
        assert c.lock.isHeldByCurrentThread();
        c.setState(reconnect ? ConnectionState.CONNECTING_RECONNECT : ConnectionState.CONNECTING);
        return c.lockedVersion;
    }

    @Override
    public boolean install(Connector.Accepted accepted, boolean reconnect) {
        assert !c.lock.isHeldByCurrentThread();
        return installConnection(accepted, reconnect);
    }

    @Override
    public void attemptFailed() {
        Summary.count(Summary.Event.FAILED, c.threads.logName());
    }

    @Override
    public boolean failed(MqttException error, boolean reconnect) {
        assert c.lock.isHeldByCurrentThread();
        observe(o -> o.connectFailed(c, error, reconnect));
        if (!reconnect && !c.config.connectRetry()) {
            c.setState(ConnectionState.DISCONNECTED);
            if (error instanceof ConnectionRefusedException r) {
                c.connectToken.connack(r.code(), false, ConnackProperties.builder()
                        .reasonString(r.reasonString().orElse(null))
                        .serverReference(r.serverReference().orElse(null)).build());
            } else {
                c.connectToken.connack(-1, false, ConnackProperties.DEFAULTS);
            }
            c.connectToken.fail(error);
            log.debug("{}: connect failed: {}", c.threads.logName(), error.getMessage());
            Summary.count(Summary.Event.FAILED, c.threads.logName());
            return false;
        }
        c.setState(reconnect ? ConnectionState.DISCONNECTED_RECONNECT : ConnectionState.CONNECTING);
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
        c.lock.lock();
        try {
            if (c.stopping || c.closed || c.state == ConnectionState.CONNECTED) {
                // disconnect fails the token, or the connection was installed before the error
                return;
            }
            c.setState(ConnectionState.DISCONNECTED);
            if (c.connectToken != null && !c.connectToken.isDone()) {
                c.connectToken.fail(error);
            }
        } finally {
            c.lock.unlock();
        }
        log.error("the connect thread failed; the client stays disconnected until connect() is called", cause);
    }

    /**
     * Tells the client's observers of a connection event, under the client lock: on the callback
     * executor, in order with the other connection events and without the lock.
     */
    private void observe(Consumer<ClientObserver> event) {
        assert c.lock.isHeldByCurrentThread();
        ClientObserver observer = c.config.observer();
        if (observer != null) {
            c.callbacks.execute(() -> event.accept(observer));
        }
    }

    /** Makes an accepted connection the current one; false if the client closed meanwhile. */
    private boolean installConnection(Connector.Accepted accepted, boolean reconnect) {
        ConnackProperties connack = accepted.properties();
        // [MQTT-3.2.2-21] the broker's Server Keep Alive replaces the one the client asked for
        Duration keepAlive = connack.serverKeepAlive().isPresent()
                ? Duration.ofSeconds(connack.serverKeepAlive().getAsInt()) : c.config.keepAlive();
        Connection conn = new Connection(c, accepted.link(), accepted.decoder(), accepted.early(), accepted.version(),
                connack.maximumPacketSize().orElse(Long.MAX_VALUE), accepted.broker(), keepAlive, c.config.pingTimeout(), c.config.writeTimeout(),
                c.threads.logName(), c.config.packetListener(), c.threads);
        Publisher.aliasTopics(c.config, conn, connack);
        boolean sessionPresent = accepted.connack().sessionPresent();
        c.lock.lock();
        try {
            if (c.stopping || c.closed || c.connection != null) {
                // disconnecting, or an attempt a disconnect could not stop in time connected after a newer one
                return false;
            }
            c.connection = conn;
            c.lockedVersion = accepted.version();
            c.setState(ConnectionState.CONNECTED);
            conn.start();
            c.session.onConnected(sessionPresent, Publisher.limits(c.config, accepted.version(), connack), c.outbox(conn));
            boolean again = c.everConnected;
            observe(o -> o.connected(c, accepted.broker(), again));
            if (again) {
                c.reconnects++;
            }
            c.everConnected = true;
            c.connectToken.connack(0, sessionPresent, connack);
            c.connectToken.complete(null);
            c.signalIfIdle();
        } finally {
            c.lock.unlock();
        }
        Summary.count(reconnect ? Summary.Event.RECONNECTED : Summary.Event.CONNECTED,
                c.threads.logName());
        log.debug("{}: connected to {} with MQTT {} (session present: {})", c.threads.logName(), accepted.link().describe(),
                switch (accepted.version()) {
                    case MQTT_3_1 -> "3.1";
                    case MQTT_3_1_1 -> "3.1.1";
                    case MQTT_5 -> "5.0";
                }, sessionPresent);
        if (c.config.onConnectHandler() != null) {
            c.callbacks.execute(() -> c.config.onConnectHandler().onConnect(c));
        }
        return true;
    }
}
