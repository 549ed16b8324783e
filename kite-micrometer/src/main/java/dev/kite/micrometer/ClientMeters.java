package dev.kite.micrometer;

import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one client, registered once when {@link KiteMetrics} first hears of it: counters
 * and timers fed by its events, gauges that read its stats and state when the registry asks.
 * The gauges hold the client weakly, as Micrometer's gauges do, so a forgotten client can be
 * collected.
 */
final class ClientMeters {
    private final List<Meter> meters = new ArrayList<>();
    private final Counter[] connects = new Counter[4];
    private final Counter lost;
    private final Counter[] messagesSent = new Counter[3];
    private final Counter[] payloadSent = new Counter[3];
    private final Counter[] messagesReceived = new Counter[3];
    private final Counter[] payloadReceived = new Counter[3];
    private final Counter[] publishFailures = new Counter[3];
    /** The acknowledgement timers of QoS 1 and 2; index 0 is unused. */
    private final Timer[] acks = new Timer[3];
    private final Timer handler;

    ClientMeters(MeterRegistry registry, MqttClient client, Tags tags) {
        for (int i = 0; i < 4; i++) {
            boolean failure = (i & 1) != 0;
            boolean reconnect = (i & 2) != 0;
            connects[i] = add(Counter.builder("kite.mqtt.connects")
                    .description("Connect attempts: a pass over the brokers that one accepted (success) or none did")
                    .tags(tags).tag("result", failure ? "failure" : "success").tag("reconnect", String.valueOf(reconnect))
                    .register(registry));
        }
        lost = add(Counter.builder("kite.mqtt.connections.lost").description("Established connections lost")
                .tags(tags).register(registry));
        for (int qos = 0; qos < 3; qos++) {
            Tags q = tags.and("qos", String.valueOf(qos));
            messagesSent[qos] = add(Counter.builder("kite.mqtt.messages.sent")
                    .description("Messages the client took to publish").tags(q).register(registry));
            payloadSent[qos] = add(Counter.builder("kite.mqtt.payload.sent").baseUnit("bytes")
                    .description("Payload bytes of the messages taken to publish").tags(q).register(registry));
            messagesReceived[qos] = add(Counter.builder("kite.mqtt.messages.received")
                    .description("Messages received for the handlers").tags(q).register(registry));
            payloadReceived[qos] = add(Counter.builder("kite.mqtt.payload.received").baseUnit("bytes")
                    .description("Payload bytes of the messages received").tags(q).register(registry));
            publishFailures[qos] = add(Counter.builder("kite.mqtt.publish.failures")
                    .description("Publishes that failed: refused at the call, or abandoned").tags(q).register(registry));
            if (qos > 0) {
                acks[qos] = add(Timer.builder("kite.mqtt.publish.ack")
                        .description("Time from publish() to PUBACK (QoS 1) or PUBCOMP (QoS 2)").tags(q)
                        .register(registry));
            }
        }
        handler = add(Timer.builder("kite.mqtt.handler").description("Time the handlers of one message took")
                .tags(tags).register(registry));
        add(Gauge.builder("kite.mqtt.inflight", client, c -> c.stats().inFlight())
                .description("QoS 1/2 messages sent and not yet fully acknowledged").tags(tags).register(registry));
        add(Gauge.builder("kite.mqtt.queued", client, c -> c.stats().queued())
                .description("Messages waiting for room in flight or for a connection").tags(tags).register(registry));
        add(Gauge.builder("kite.mqtt.delivery.queued", client, c -> c.stats().deliveryQueued())
                .description("Received messages waiting for their handler or running it").tags(tags)
                .register(registry));
        for (ConnectionState s : ConnectionState.values()) {
            add(Gauge.builder("kite.mqtt.connection.state", client, c -> c.state() == s ? 1 : 0)
                    .description("1 for the state the client is in, 0 for the others")
                    .tags(tags).tag("state", s.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Returns every meter of the client, to remove them. */
    List<Meter> all() {
        return meters;
    }

    void connected(boolean reconnect) {
        connects[reconnect ? 2 : 0].increment();
    }

    void connectFailed(boolean reconnect) {
        connects[reconnect ? 3 : 1].increment();
    }

    void connectionLost() {
        lost.increment();
    }

    void published(int qos, int payloadBytes) {
        messagesSent[qos].increment();
        payloadSent[qos].increment(payloadBytes);
    }

    void publishCompleted(int qos, long nanos, boolean failed) {
        if (failed) {
            publishFailures[qos].increment();
        } else if (qos > 0) {
            acks[qos].record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void received(int qos, int payloadBytes) {
        messagesReceived[qos].increment();
        payloadReceived[qos].increment(payloadBytes);
    }

    void handled(long nanos) {
        handler.record(nanos, TimeUnit.NANOSECONDS);
    }
}
