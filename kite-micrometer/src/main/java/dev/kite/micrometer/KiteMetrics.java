package dev.kite.micrometer;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.MqttClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer metrics for one Kite client or many: a {@link ClientObserver} to add to each
 * client's options, and a {@link MeterBinder} to bind to the registries that should show them.
 * Every meter is named {@code kite.mqtt.*} and tagged {@code client.id} with the client's
 * identifier (empty for a client whose broker assigns it), plus the tags given to the constructor:
 *
 * <ul>
 * <li>{@code kite.mqtt.connects} (counter; tags {@code result} success or failure, {@code reconnect}
 *     true or false): passes over the brokers, one per connect or reconnect attempt;</li>
 * <li>{@code kite.mqtt.connections.lost} (counter);</li>
 * <li>{@code kite.mqtt.messages.sent}, {@code kite.mqtt.payload.sent} (bytes),
 *     {@code kite.mqtt.messages.received}, {@code kite.mqtt.payload.received} (bytes) and
 *     {@code kite.mqtt.publish.failures} (counters; tag {@code qos} 0, 1 or 2);</li>
 * <li>{@code kite.mqtt.publish.ack} (timer; tag {@code qos} 1 or 2): from {@code publish()} to
 *     PUBACK or PUBCOMP;</li>
 * <li>{@code kite.mqtt.handler} (timer): how long the handlers of one message took;</li>
 * <li>{@code kite.mqtt.inflight}, {@code kite.mqtt.queued}, {@code kite.mqtt.delivery.queued}
 *     (gauges of {@link MqttClient#stats()}) and {@code kite.mqtt.connection.state} (gauge; tag
 *     {@code state}: 1 for the client's state, 0 for the others).</li>
 * </ul>
 *
 * <pre>{@code
 * KiteMetrics metrics = new KiteMetrics();
 * metrics.bindTo(registry);
 * MqttClient client = MqttClient.create(new ClientOptions()
 *         .addBroker("tcp://127.0.0.1:1883").setClientId("sensor-7").addObserver(metrics));
 * metrics.monitor(client);      // the gauges from now on, not from the client's first event
 * }</pre>
 *
 * <p>A client's meters are registered at its first event, or by {@link #monitor}, and stay until
 * {@link #forget}. Clients that share an identifier share their counters and timers, and the
 * gauges show the first of them. Counts made before {@link #bindTo} reach no registry. The
 * observer methods are called by the clients; applications call {@link #bindTo}, {@link #monitor}
 * and {@link #forget}. Thread-safe.
 *
 * @since 0.2
 */
public final class KiteMetrics implements ClientObserver, MeterBinder {
    /** Gives each client's meters to every registry bound, including those bound later. */
    private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
    private final Map<MqttClient, ClientMeters> clients = new ConcurrentHashMap<>();
    private final Tags tags;

    /** Creates metrics whose meters carry the {@code client.id} tag alone. */
    public KiteMetrics() {
        this(Tags.empty());
    }

    /**
     * Creates metrics whose meters carry {@code tags} beside {@code client.id}.
     *
     * @param tags more tags for every meter, such as the application's name
     * @throws IllegalArgumentException if {@code tags} is null or holds {@code client.id}
     */
    public KiteMetrics(Iterable<Tag> tags) {
        if (tags == null) {
            throw new IllegalArgumentException("tags is null: pass Tags.empty() for none");
        }
        this.tags = Tags.of(tags);
        if (this.tags.stream().anyMatch(t -> t.getKey().equals("client.id"))) {
            throw new IllegalArgumentException("tags hold client.id: each client's meters carry their own");
        }
    }

    /**
     * Shows the meters of every client, those seen so far and those to come, in {@code registry}.
     * May be called for several registries.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Registers the meters of {@code client} now, so its gauges show from now on rather than from
     * its first event; does nothing if they are registered already.
     *
     * @param client a client whose options have this as an observer
     * @return this
     * @throws IllegalArgumentException if {@code client} is null
     */
    public KiteMetrics monitor(MqttClient client) {
        if (client == null) {
            throw new IllegalArgumentException("client is null");
        }
        meters(client);
        return this;
    }

    /**
     * Removes the meters of {@code client} from every registry, for a client closed for good;
     * an event it reports later registers them again.
     *
     * @param client the client
     */
    public void forget(MqttClient client) {
        ClientMeters m = clients.remove(client);
        if (m != null) {
            for (Meter meter : m.all()) {
                registries.remove(meter);
            }
        }
    }

    private ClientMeters meters(MqttClient client) {
        ClientMeters m = clients.get(client);
        return m != null ? m : clients.computeIfAbsent(client,
                c -> new ClientMeters(registries, c, tags.and("client.id", c.optionsReader().clientId())));
    }

    /** Counts a connect attempt that succeeded. */
    @Override
    public void connected(MqttClient client, URI broker, boolean reconnect) {
        meters(client).connected(reconnect);
    }

    /** Counts a connect attempt that failed. */
    @Override
    public void connectFailed(MqttClient client, Throwable cause, boolean reconnect) {
        meters(client).connectFailed(reconnect);
    }

    /** Counts a lost connection. */
    @Override
    public void connectionLost(MqttClient client, Throwable cause) {
        meters(client).connectionLost();
    }

    /** Counts a message and its payload bytes. */
    @Override
    public void published(MqttClient client, int qos, int payloadBytes) {
        meters(client).published(qos, payloadBytes);
    }

    /** Times the acknowledgement of a QoS 1/2 message, or counts a failed publish. */
    @Override
    public void publishCompleted(MqttClient client, int qos, long nanos, Throwable error) {
        meters(client).publishCompleted(qos, nanos, error != null);
    }

    /** Counts a received message and its payload bytes. */
    @Override
    public void received(MqttClient client, int qos, int payloadBytes) {
        meters(client).received(qos, payloadBytes);
    }

    /** Times the handlers of a message. */
    @Override
    public void handled(MqttClient client, long nanos) {
        meters(client).handled(nanos);
    }
}
