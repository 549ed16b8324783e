package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.ProtocolVersion;
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

    ConnectHost(RealMqttClient client) {
        this.c = client;
    }

    /** Starts connecting unless connected or connecting; returns the token of the connect. */
    ConnectToken connect() {
        c.lock.lock();
        try {
            c.checkOpen();
            if (c.state == ConnectionState.CONNECTED) {
                Tokens.Connect done = new Tokens.Connect();
                done.connack(0, c.connectToken != null && c.connectToken.sessionPresent());
                done.complete(null);
                return done;
            }
            if (c.state != ConnectionState.DISCONNECTED) {
                return c.connectToken;
            }
            c.connectToken = new Tokens.Connect();
            c.setState(ConnectionState.CONNECTING);
            c.connectLoop.start(c.everConnected);
            return c.connectToken;
        } finally {
            c.lock.unlock();
        }
    }

    /** Takes a lost connection: tells the handler and, with auto-reconnect, starts the loop again. */
    void lost(Connection conn, Throwable cause) {
        boolean reconnect;
        c.lock.lock();
        try {
            if (conn != c.connection) {
                return;
            }
            c.connection = null;
            c.session.onConnectionLost();
            if (c.closed) {
                // a disconnect waiting for this connection's flows has nothing left to wait for
                c.idle.signalAll();
                return;
            }
            reconnect = c.config.autoReconnect();
            if (c.config.connectionLostHandler() != null) {
                c.callbacks.execute(() -> c.config.connectionLostHandler().connectionLost(c, cause));
            }
            c.setState(reconnect ? ConnectionState.DISCONNECTED_RECONNECT : ConnectionState.DISCONNECTED);
            if (reconnect) {
                c.connectLoop.start(true);
            }
        } finally {
            c.lock.unlock();
        }
        log.warn("connection lost: {}{}", cause.getMessage(), reconnect ? "; reconnecting" : "");
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
        return installConnection(accepted);
    }

    @Override
    public boolean failed(MqttException error, boolean reconnect) {
        assert c.lock.isHeldByCurrentThread();
        if (!reconnect && !c.config.connectRetry()) {
            c.setState(ConnectionState.DISCONNECTED);
            c.connectToken.connack(error instanceof ConnectionRefusedException r ? r.code() : -1, false);
            c.connectToken.fail(error);
            log.info("connect failed: {}", error.getMessage());
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
            if (c.closed || c.state == ConnectionState.CONNECTED) {
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

    /** Makes an accepted connection the current one; false if the client closed meanwhile. */
    private boolean installConnection(Connector.Accepted accepted) {
        Connection conn = new Connection(c, accepted.link(), accepted.decoder(), accepted.early(),
                c.config.keepAlive(), c.config.pingTimeout(), c.config.writeTimeout(), c.name, c.config.packetListener());
        boolean sessionPresent = accepted.connack().sessionPresent();
        c.lock.lock();
        try {
            if (c.closed) {
                return false;
            }
            c.connection = conn;
            c.lockedVersion = accepted.version();
            c.setState(ConnectionState.CONNECTED);
            conn.start();
            c.session.onConnected(sessionPresent, Publisher.limits(accepted.version(), accepted.connack()), c.outbox(conn));
            if (c.everConnected) {
                c.reconnects++;
            }
            c.everConnected = true;
            c.connectToken.connack(0, sessionPresent);
            c.connectToken.complete(null);
            c.signalIfIdle();
        } finally {
            c.lock.unlock();
        }
        log.info("connected to {} with MQTT {} (session present: {})", accepted.link().describe(),
                accepted.version() == ProtocolVersion.MQTT_3_1 ? "3.1" : "3.1.1", sessionPresent);
        if (c.config.onConnectHandler() != null) {
            c.callbacks.execute(() -> c.config.onConnectHandler().onConnect(c));
        }
        return true;
    }
}
