package dev.kite.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** KiteMetrics without a broker: registration, tags, refusals and forgetting. */
class KiteMetricsTest {

    @Test
    void aMonitoredClientShowsItsGaugesBeforeAnyEventWithTheGivenTags() {
        MeterRegistry registry = new SimpleMeterRegistry();
        KiteMetrics metrics = new KiteMetrics(Tags.of("app", "test"));
        metrics.bindTo(registry);
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1").setClientId("idle")
                .addObserver(metrics))) {
            metrics.monitor(c);
            assertThat(registry.get("kite.mqtt.connection.state").tags("client.id", "idle", "app", "test",
                    "state", "disconnected").gauge().value()).isEqualTo(1);
            assertThat(registry.get("kite.mqtt.inflight").tag("client.id", "idle").gauge().value()).isZero();
            assertThat(registry.get("kite.mqtt.delivery.queued").tag("client.id", "idle").gauge().value()).isZero();
        }
    }

    @Test
    void aPublishRefusedAtTheCallIsAFailureNotAMessageSent() {
        MeterRegistry registry = new SimpleMeterRegistry();
        KiteMetrics metrics = new KiteMetrics();
        metrics.bindTo(registry);
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1").setClientId("early")
                .addObserver(metrics))) {
            c.publish("kite/early", 1, false, "too early").waitFor();
            org.awaitility.Awaitility.await().until(() -> registry.find("kite.mqtt.publish.failures")
                    .tags("client.id", "early", "qos", "1").counter() != null
                    && registry.get("kite.mqtt.publish.failures").tags("client.id", "early", "qos", "1")
                    .counter().count() == 1);
            assertThat(registry.get("kite.mqtt.messages.sent").tags("client.id", "early", "qos", "1").counter().count())
                    .isZero();
        }
    }

    @Test
    void aRegistryBoundLaterSeesTheClientsSeenBefore() {
        KiteMetrics metrics = new KiteMetrics();
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1").setClientId("first")
                .addObserver(metrics))) {
            metrics.monitor(c);
            MeterRegistry late = new SimpleMeterRegistry();
            metrics.bindTo(late);
            assertThat(late.find("kite.mqtt.queued").tag("client.id", "first").gauge()).isNotNull();
        }
    }

    @Test
    void forgetRemovesTheClientsMeters() {
        MeterRegistry registry = new SimpleMeterRegistry();
        KiteMetrics metrics = new KiteMetrics();
        metrics.bindTo(registry);
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1").setClientId("gone")
                .addObserver(metrics))) {
            metrics.monitor(c);
            assertThat(registry.find("kite.mqtt.inflight").tag("client.id", "gone").gauge()).isNotNull();
            metrics.forget(c);
            assertThat(registry.find("kite.mqtt.inflight").tag("client.id", "gone").gauge()).isNull();
            assertThat(registry.find("kite.mqtt.messages.sent").tag("client.id", "gone").counters()).isEmpty();
        }
    }

    @Test
    void refusesWhatCannotBeMeasured() {
        assertThatThrownBy(() -> new KiteMetrics(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags is null");
        assertThatThrownBy(() -> new KiteMetrics(Tags.of("client.id", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client.id");
        assertThatThrownBy(() -> new KiteMetrics().monitor(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client is null");
    }
}
