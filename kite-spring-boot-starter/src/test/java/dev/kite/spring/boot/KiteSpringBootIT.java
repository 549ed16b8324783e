package dev.kite.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot 3 application with the starter and actuator against a real Mosquitto: the bean is
 * connected at start-up, what it publishes reaches another client, and actuator's health goes
 * DOWN while the broker is stopped and UP again when it is back.
 */
@SpringBootTest(classes = KiteSpringBootIT.App.class, properties = "management.endpoint.health.show-details=always")
class KiteSpringBootIT {
    @AutoClose
    private static MosquittoBroker broker;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @DynamicPropertySource
    static void kiteProperties(DynamicPropertyRegistry registry) {
        broker = MosquittoBroker.start();
        registry.add("kite.mqtt.brokers", broker::uri);
        registry.add("kite.mqtt.client-id", () -> "spring-it");
        // the reconnect after the broker's restart comes within seconds
        registry.add("kite.mqtt.max-reconnect-interval", () -> "1s");
    }

    @Autowired
    MqttClient client;

    @Autowired
    HealthEndpoint health;

    @Autowired
    MeterRegistry meters;

    @Test
    void theBeanIsConnectedAtStartupAndWhatItPublishesReachesASubscriber() throws Exception {
        assertThat(client.isConnected()).isTrue();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        try (MqttClient subscriber = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                .setClientId("spring-it-subscriber"))) {
            subscriber.connect().await();
            subscriber.subscribe("spring/it", 1, (c, m) -> received.add(m)).await();

            client.publish("spring/it", 1, false, "from the bean").await();

            Message m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("message from the bean").isNotNull();
            assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("from the bean");
            assertThat(m.qos()).isEqualTo(1);
            // kite-micrometer is on the class path: actuator's registry has the bean's meters
            assertThat(meters.get("kite.mqtt.messages.sent").tags("client.id", "spring-it", "qos", "1").counter().count())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("kite.mqtt.publish.ack").tags("client.id", "spring-it", "qos", "1").timer().count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void healthIsDownWhileTheBrokerIsStoppedAndUpWhenItIsBack() {
        await().atMost(Duration.ofSeconds(10)).until(() -> kiteHealth().getStatus(), Status.UP::equals);

        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> kiteHealth().getStatus(), Status.DOWN::equals);
        assertThat(kiteHealth().getDetails().get("state")).isIn(ConnectionState.DISCONNECTED_RECONNECT.name(),
                ConnectionState.CONNECTING_RECONNECT.name());

        broker.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> kiteHealth().getStatus(), Status.UP::equals);
        assertThat(kiteHealth().getDetails()).containsEntry("state", "CONNECTED").containsEntry("clientId", "spring-it");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    private Health kiteHealth() {
        return (Health) health.healthForPath("kiteMqtt");
    }
}
