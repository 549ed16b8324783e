package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.MqttClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of a client as one: calls each in the order they were added, and keeps the
 * client safe from them: an observer that throws is logged the first time, then silently, and the
 * others are still called. A client without observers has none of this (see {@link #of}), so its
 * hot paths cost a null check.
 */
public final class Observers implements ClientObserver {
    private static final Logger log = LoggerFactory.getLogger(Observers.class);

    private final ClientObserver[] observers;
    private final AtomicBoolean[] reported;

    private Observers(List<ClientObserver> observers) {
        this.observers = observers.toArray(new ClientObserver[0]);
        this.reported = new AtomicBoolean[this.observers.length];
        for (int i = 0; i < reported.length; i++) {
            reported[i] = new AtomicBoolean();
        }
    }

    /**
     * Returns {@code observers} as one observer, or {@code null} when there are none.
     *
     * @param observers the observers, in the order to call them
     * @return the one observer, or null
     */
    public static ClientObserver of(List<ClientObserver> observers) {
        return observers.isEmpty() ? null : new Observers(observers);
    }

    /** Returns the observers, in the order they are called. */
    List<ClientObserver> list() {
        return List.of(observers);
    }

    private void each(String event, Consumer<ClientObserver> call) {
        for (int i = 0; i < observers.length; i++) {
            try {
                call.accept(observers[i]);
            } catch (RuntimeException | LinkageError e) {
                if (reported[i].compareAndSet(false, true)) {
                    log.warn("client observer {} threw in {}; the client goes on and logs its errors no more",
                            observers[i], event, e);
                }
            }
        }
    }

    @Override
    public void connected(MqttClient client, URI broker, boolean reconnect) {
        each("connected", o -> o.connected(client, broker, reconnect));
    }

    @Override
    public void connectFailed(MqttClient client, Throwable cause, boolean reconnect) {
        each("connectFailed", o -> o.connectFailed(client, cause, reconnect));
    }

    @Override
    public void connectionLost(MqttClient client, Throwable cause) {
        each("connectionLost", o -> o.connectionLost(client, cause));
    }

    @Override
    public void published(MqttClient client, int qos, int payloadBytes) {
        each("published", o -> o.published(client, qos, payloadBytes));
    }

    @Override
    public void publishCompleted(MqttClient client, int qos, long nanos, Throwable error) {
        each("publishCompleted", o -> o.publishCompleted(client, qos, nanos, error));
    }

    @Override
    public void received(MqttClient client, int qos, int payloadBytes) {
        each("received", o -> o.received(client, qos, payloadBytes));
    }

    @Override
    public void handled(MqttClient client, long nanos) {
        each("handled", o -> o.handled(client, nanos));
    }

    @Override
    public String toString() {
        return "Observers" + list();
    }
}
