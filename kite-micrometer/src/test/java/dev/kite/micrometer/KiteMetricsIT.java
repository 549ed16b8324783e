package dev.kite.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.testing.MosquittoBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** KiteMetrics against Mosquitto: the meters count exactly what two clients sent and received. */
class KiteMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int N = 25;

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private Search meter(String name, String clientId, String... tags) {
        return registry.find(name).tag("client.id", clientId).tags(tags);
    }

    private double counter(String name, String clientId, String... tags) {
        return meter(name, clientId, tags).counter().count();
    }

    private double gauge(String name, String clientId, String... tags) {
        return meter(name, clientId, tags).gauge().value();
    }

    private long timerCount(String name, String clientId, String... tags) {
        return meter(name, clientId, tags).timer().count();
    }

    @Test
    void countsMatchWhatWasSentAndReceivedAndTheConnectionsLife() {
        KiteMetrics metrics = new KiteMetrics();
        metrics.bindTo(registry);
        try (MosquittoBroker broker = MosquittoBroker.start();
             MqttClient sub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("metrics-sub")
                     .setMaxReconnectInterval(Duration.ofMillis(300)).addObserver(metrics));
             MqttClient pub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("metrics-pub")
                     .setMaxReconnectInterval(Duration.ofMillis(300)).addObserver(metrics))) {
            metrics.monitor(sub).monitor(pub);
            assertThat(gauge("kite.mqtt.connection.state", "metrics-pub", "state", "disconnected")).isEqualTo(1);

            List<Message> received = new CopyOnWriteArrayList<>();
            sub.connect().await();
            sub.subscribe("kite/metrics/#", 2, (c, m) -> received.add(m)).await();
            pub.connect().await();
            long[] bytes = new long[3];
            List<PublishToken> tokens = new ArrayList<>();
            for (int qos = 0; qos < 3; qos++) {
                for (int i = 0; i < N; i++) {
                    byte[] payload = new byte[i * 7 + qos];
                    bytes[qos] += payload.length;
                    tokens.add(pub.publish("kite/metrics/q" + qos, qos, false, payload));
                }
            }
            tokens.forEach(PublishToken::await);
            await().atMost(WAIT).until(() -> received.size() == 3 * N);
            await().atMost(WAIT).until(() -> timerCount("kite.mqtt.handler", "metrics-sub") == 3 * N
                    && timerCount("kite.mqtt.publish.ack", "metrics-pub", "qos", "2") == N);

            for (int qos = 0; qos < 3; qos++) {
                String q = String.valueOf(qos);
                assertThat(counter("kite.mqtt.messages.sent", "metrics-pub", "qos", q)).isEqualTo(N);
                assertThat(counter("kite.mqtt.payload.sent", "metrics-pub", "qos", q)).isEqualTo(bytes[qos]);
                assertThat(counter("kite.mqtt.messages.received", "metrics-sub", "qos", q)).isEqualTo(N);
                assertThat(counter("kite.mqtt.payload.received", "metrics-sub", "qos", q)).isEqualTo(bytes[qos]);
                assertThat(counter("kite.mqtt.messages.sent", "metrics-sub", "qos", q)).isZero();
                assertThat(counter("kite.mqtt.messages.received", "metrics-pub", "qos", q)).isZero();
                assertThat(counter("kite.mqtt.publish.failures", "metrics-pub", "qos", q)).isZero();
            }
            assertThat(timerCount("kite.mqtt.publish.ack", "metrics-pub", "qos", "1")).isEqualTo(N);
            assertThat(registry.find("kite.mqtt.publish.ack").tag("client.id", "metrics-pub").timers()
                    .stream().mapToLong(t -> t.count()).sum()).isEqualTo(2 * N);
            assertThat(timerCount("kite.mqtt.handler", "metrics-pub")).isZero();
            assertThat(gauge("kite.mqtt.inflight", "metrics-pub")).isZero();
            assertThat(gauge("kite.mqtt.queued", "metrics-pub")).isZero();
            await().atMost(WAIT).until(() -> gauge("kite.mqtt.delivery.queued", "metrics-sub") == 0);
            assertThat(gauge("kite.mqtt.connection.state", "metrics-pub", "state", "connected")).isEqualTo(1);
            assertThat(gauge("kite.mqtt.connection.state", "metrics-pub", "state", "disconnected")).isZero();
            assertThat(counter("kite.mqtt.connects", "metrics-pub", "result", "success", "reconnect", "false"))
                    .isEqualTo(1);

            broker.stop();
            await().atMost(WAIT).until(() -> counter("kite.mqtt.connections.lost", "metrics-pub") == 1
                    && counter("kite.mqtt.connections.lost", "metrics-sub") == 1
                    && counter("kite.mqtt.connects", "metrics-pub", "result", "failure", "reconnect", "true") >= 1);
            assertThat(gauge("kite.mqtt.connection.state", "metrics-pub", "state", "connected")).isZero();
            broker.restart();
            await().atMost(WAIT).until(() -> pub.isConnected() && sub.isConnected()
                    && counter("kite.mqtt.connects", "metrics-pub", "result", "success", "reconnect", "true") == 1
                    && counter("kite.mqtt.connects", "metrics-sub", "result", "success", "reconnect", "true") == 1);
            assertThat(gauge("kite.mqtt.connection.state", "metrics-pub", "state", "connected")).isEqualTo(1);
            assertThat(counter("kite.mqtt.connects", "metrics-pub", "result", "success", "reconnect", "false"))
                    .isEqualTo(1);
            assertThat(counter("kite.mqtt.connects", "metrics-pub", "result", "failure", "reconnect", "false")).isZero();
        }
    }
}
