package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.internal.packet.Disconnect;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's {@code disconnect} and {@code close}. Disconnecting ends the connection and the
 * connect loop and leaves a client that {@code connect()} starts again, with its session kept as
 * after a lost connection (a persistent session keeps its flows for resending; a clean session
 * fails them). Closing disconnects and ends the client for good: it fails what is left, releases
 * the store, clears the password and stops the client's own scheduler. Both run under the
 * client's lifecycle lock, so a connect, a disconnect and a close never interleave.
 */
final class ClientShutdown {
    private static final Logger log = LoggerFactory.getLogger(ClientShutdown.class);
    /** How long a disconnect waits for the connect thread and for the handler running now. */
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final RealMqttClient c;

    ClientShutdown(RealMqttClient client) {
        this.c = client;
    }

    /**
     * Disconnects, waiting up to {@code quiesceMillis} for open flows and ending with
     * {@code farewell}; a closed client is left as it is.
     */
    void disconnect(long quiesceMillis, Disconnect farewell) {
        c.lifecycle.lock();
        try (ClientThreads.Scope named = c.threads.enter()) {
            if (isClosed()) {
                return;
            }
            stop(quiesceMillis, farewell);
            log.debug("{}: disconnected", c.threads.logName());
        } finally {
            c.lifecycle.unlock();
        }
    }

    /** Disconnects at once, fails what is left and releases what the client holds; once. */
    void close() {
        c.lifecycle.lock();
        try (ClientThreads.Scope named = c.threads.enter()) {
            if (isClosed()) {
                return;
            }
            if (isActive()) {
                stop(0, Disconnect.INSTANCE);
            }
            c.lock.lock();
            try {
                c.closed = true;
                c.session.failAll(new MqttClientException("client disconnected"));
            } finally {
                c.lock.unlock();
            }
            c.delivery.stop(JOIN);
            c.store.close();
            c.connector.clearSecrets();
            c.threads.close();
            log.debug("{}: closed", c.threads.logName());
        } finally {
            c.lifecycle.unlock();
        }
    }

    /** Returns whether there is something to stop: a connection, an attempt, a state but DISCONNECTED. */
    private boolean isActive() {
        c.lock.lock();
        try {
            return c.state != ConnectionState.DISCONNECTED || c.connection != null || c.connectLoop.running() != null;
        } finally {
            c.lock.unlock();
        }
    }

    private boolean isClosed() {
        c.lock.lock();
        try {
            return c.closed;
        } finally {
            c.lock.unlock();
        }
    }

    /**
     * Ends the connection and the connect loop (see CONCURRENCY.md, Shutdown) and leaves the
     * client DISCONNECTED, ready to connect again.
     */
    private void stop(long quiesceMillis, Disconnect farewell) {
        assert c.lifecycle.isHeldByCurrentThread();
        Connection conn;
        Thread connecting;
        boolean wasActive = false;
        c.lock.lock();
        try {
            wasActive = c.state != ConnectionState.DISCONNECTED;
            c.stopping = true;
            c.setState(ConnectionState.DISCONNECTING);
            c.connectLoop.stop();
            c.connector.abort();
            conn = c.connection;
            connecting = c.connectLoop.running();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quiesceMillis);
            // handlers still run meanwhile, so the messages already taken are acknowledged, and the
            // reader still answers PUBREL, so their QoS 2 flows complete before DISCONNECT
            while (conn != null && conn == c.connection && !c.isQuiet() && !c.delivery.isDispatchThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                c.idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            conn = c.connection;
            connecting = c.connectLoop.running();
        } finally {
            c.lock.unlock();
        }
        // closing the socket and joining threads block
        assert !c.lock.isHeldByCurrentThread();
        c.delivery.shutdown();
        if (conn != null) {
            conn.close(farewell, Duration.ofMillis(Math.max(quiesceMillis, 1000)));
        }
        if (connecting != null && connecting != Thread.currentThread()) {
            try {
                connecting.join(JOIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        MqttClientException disconnected = new MqttClientException("client disconnected");
        c.lock.lock();
        try {
            if (c.connection != null) {
                // the connection's loss was not reported yet: the session learns it here
                c.connection = null;
                c.session.onConnectionLost();
            }
            c.control.finish(null, disconnected);
            c.requester.failAll(disconnected);
            c.endFlowsIfCleanSession(disconnected);
            if (c.connectToken != null && !c.connectToken.isDone()) {
                c.connectToken.fail(disconnected);
            }
            c.stopping = false;
            c.disconnected = true;
            c.setState(ConnectionState.DISCONNECTED);
        } finally {
            c.lock.unlock();
        }
        c.delivery.stop(JOIN);
        c.delivery.reopen();
        if (wasActive) {
            Summary.count(Summary.Event.DISCONNECTED, c.threads.logName());
        }
    }
}
