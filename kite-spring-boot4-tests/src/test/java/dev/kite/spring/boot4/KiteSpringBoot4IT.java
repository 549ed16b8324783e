package dev.kite.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.spring.boot.KiteBoot4HealthIndicator;
import dev.kite.spring.boot.KiteClientLifecycle;
import dev.kite.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter, compiled against Spring Boot 3.5, in a Spring Boot 4 application against a real
 * Mosquitto: auto-configured from the same imports file, connected at start-up, publishing, and
 * reporting through Boot 4's health API (DOWN while the broker is stopped, UP when it is back).
 */
@SpringBootTest(classes = KiteSpringBoot4IT.App.class, properties = "management.endpoint.health.show-details=always")
class KiteSpringBoot4IT {
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
        registry.add("kite.mqtt.client-id", () -> "spring4-it");
        registry.add("kite.mqtt.max-reconnect-interval", () -> "1s");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    MqttClient client;

    @Autowired
    HealthEndpoint health;

    @Test
    void runsOnSpringBoot4WithBoot4sHealthIndicator() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.");
        assertThat(context.getBean("kiteMqttHealthIndicator")).isInstanceOf(KiteBoot4HealthIndicator.class);
        assertThat(context.getBean(KiteClientLifecycle.class).isRunning()).isTrue();
    }

    @Test
    void theBeanIsConnectedAtStartupAndWhatItPublishesReachesASubscriber() throws Exception {
        assertThat(client.isConnected()).isTrue();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        try (MqttClient subscriber = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                .setClientId("spring4-it-subscriber"))) {
            subscriber.connect().await();
            subscriber.subscribe("spring4/it", 1, (c, m) -> received.add(m)).await();

            client.publish("spring4/it", 1, false, "from the Boot 4 bean").await();

            Message m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("message from the bean").isNotNull();
            assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("from the Boot 4 bean");
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
        assertThat(kiteHealth().getDetails()).containsEntry("state", "CONNECTED").containsEntry("clientId", "spring4-it");
    }

    private IndicatedHealthDescriptor kiteHealth() {
        return (IndicatedHealthDescriptor) health.healthForPath("kiteMqtt");
    }
}
