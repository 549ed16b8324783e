package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.testing.CapturingLogs;
import dev.kite.mqtt.testing.CapturingLogs.Event;
import dev.kite.mqtt.testing.FaultProxy;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Logs that name the client, through the tests' capturing SLF4J binding ({@link CapturingLogs}):
 * every line a client writes carries its name in the MDC key {@code kite.client}, and many
 * clients connecting write a summary at INFO, not a line each.
 */
class ClientLogsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SUMMARY = "dev.kite.mqtt.internal.client.Summary";

    @Test
    void everyLineOfConnectPublishReceiveLossAndReconnectCarriesTheClientsName() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            List<Event> events;
            try (CapturingLogs.Capture capture = CapturingLogs.start()) {
                Recorder rec = new Recorder();
                AtomicInteger connects = new AtomicInteger();
                try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(proxy.uri()).setClientId("logs-1")
                        .setClientName("orders-eu-1").setMaxReconnectInterval(Duration.ofMillis(500))
                        .setOnConnectHandler(client -> connects.incrementAndGet()))) {
                    c.connect().await();
                    c.subscribe("logs/t", 1, rec).await();
                    c.publish("logs/t", 1, false, "one").await();
                    rec.awaitCount(1, WAIT);
                    proxy.cutAll();
                    await().atMost(WAIT).until(() -> connects.get() == 2 && c.isConnected());
                    c.publish("logs/t", 1, false, "two").await();
                    rec.awaitCount(2, WAIT);
                    c.disconnect(1000);
                    c.connect().await();
                }
                events = capture.events();
            }
            List<Event> ofClient = events.stream().filter(e -> !e.logger().equals(SUMMARY)).toList();
            assertThat(ofClient).as("the client logged its connects, its loss and its disconnect")
                    .anyMatch(e -> e.message().contains("connected to"))
                    .anyMatch(e -> e.message().contains("connection lost"))
                    .anyMatch(e -> e.message().contains("disconnected"));
            assertThat(ofClient).allSatisfy(e -> assertThat(e.mdc("kite.client"))
                    .as("MDC of [%s] %s %s: %s", e.thread(), e.level(), e.logger(), e.message())
                    .isEqualTo("orders-eu-1"));
        }
    }

    @Test
    void manyClientsConnectingWriteASummaryAtInfoNotALineEach() {
        int n = 200;
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            try (CapturingLogs.Capture capture = CapturingLogs.start()) {
                List<MqttClient> clients = new ArrayList<>();
                try {
                    List<ConnectToken> tokens = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                                .setClientId("crowd-" + i).setKeepAlive(Duration.ofSeconds(60)));
                        clients.add(c);
                        tokens.add(c.connect());
                    }
                    tokens.forEach(ConnectToken::await);
                } finally {
                    clients.forEach(MqttClient::close);
                }
                List<Event> perClient = capture.events().stream()
                        .filter(e -> e.level().toInt() >= Level.INFO.toInt() && !e.logger().equals(SUMMARY)).toList();
                assertThat(perClient).as("no INFO line per client").isEmpty();
                // one line per 10 s window says it all; with another test's window still open, two
                await().atMost(WAIT).until(() -> connectedInSummaries(capture.events()) >= n);
                List<Event> summaries = capture.events().stream().filter(e -> e.logger().equals(SUMMARY)).toList();
                assertThat(summaries).hasSizeLessThanOrEqualTo(3)
                        .allMatch(e -> e.level() == Level.INFO && e.message().startsWith("kite clients in the last 10 s: "));
            }
        }
    }

    @Test
    void manyClientsLosingTheirConnectionWarnOnceNotOnceEach() {
        int n = 100;
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port());
             CapturingLogs.Capture capture = CapturingLogs.start()) {
            List<MqttClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    MqttClient c = MqttClient.create(new ClientOptions().addBroker(proxy.uri())
                            .setClientId("outage-" + i).setMaxReconnectInterval(Duration.ofMillis(500)));
                    clients.add(c);
                    c.connect().await();
                }
                proxy.cutAll();
                await().atMost(WAIT).until(() -> clients.stream().allMatch(c -> c.stats().reconnects() == 1
                        && c.isConnected()));
            } finally {
                clients.forEach(MqttClient::close);
            }
            List<Event> losses = capture.events().stream()
                    .filter(e -> e.logger().endsWith(".ConnectHost") && e.message().contains("connection lost")).toList();
            assertThat(losses).as("each client says it, with its name").hasSize(n)
                    .allMatch(e -> e.message().startsWith(e.mdc("kite.client") + ": "));
            assertThat(losses.stream().filter(e -> e.level() == Level.WARN).count())
                    .as("at WARN only the first of a 10 s window").isLessThanOrEqualTo(2);
        }
    }

    private static int connectedInSummaries(List<Event> events) {
        Pattern connected = Pattern.compile("(\\d+) connected");
        int total = 0;
        for (Event e : events) {
            if (e.logger().equals(SUMMARY)) {
                Matcher m = connected.matcher(e.message());
                if (m.find()) {
                    total += Integer.parseInt(m.group(1));
                }
            }
        }
        return total;
    }
}
