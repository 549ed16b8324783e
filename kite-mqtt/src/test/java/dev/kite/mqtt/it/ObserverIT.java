package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.testing.Logs;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The observation hook against Mosquitto: each event once, with the right QoS and sizes. */
class ObserverIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Records every event as a line; timings as "t" (their values depend on the machine). */
    static final class Events implements ClientObserver {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void connected(MqttClient client, URI broker, boolean reconnect) {
            lines.add("connected " + reconnect);
        }

        @Override
        public void connectFailed(MqttClient client, Throwable cause, boolean reconnect) {
            lines.add("connectFailed " + reconnect);
        }

        @Override
        public void connectionLost(MqttClient client, Throwable cause) {
            lines.add("connectionLost");
        }

        @Override
        public void published(MqttClient client, int qos, int payloadBytes) {
            lines.add("published " + qos + " " + payloadBytes);
        }

        @Override
        public void publishCompleted(MqttClient client, int qos, long nanos, Throwable error) {
            lines.add("publishCompleted " + qos + (nanos >= 0 ? " t" : " negative") + (error == null ? "" : " failed"));
        }

        @Override
        public void received(MqttClient client, int qos, int payloadBytes) {
            lines.add("received " + qos + " " + payloadBytes);
        }

        @Override
        public void handled(MqttClient client, long nanos) {
            lines.add("handled" + (nanos >= 0 ? " t" : " negative"));
        }

        long count(String line) {
            return lines.stream().filter(line::equals).count();
        }
    }

    @Test
    void reportsEachPublishReceiptAndHandlerRunOnce() {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Events events = new Events();
            Recorder rec = new Recorder();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("observed")
                    .addObserver(events))) {
                c.connect().await();
                c.subscribe("kite/observed", 2, rec).await();
                c.publish("kite/observed", 0, false, new byte[10]).await();
                c.publish("kite/observed", 1, false, new byte[11]).await();
                c.publish("kite/observed", 2, false, new byte[12]).await();
                rec.awaitCount(3, WAIT);
                await().atMost(WAIT).until(() -> events.count("handled t") == 3
                        && events.lines.stream().filter(l -> l.startsWith("publishCompleted")).count() == 3);
                assertThat(events.lines).containsOnlyOnce("connected false", "published 0 10", "published 1 11",
                        "published 2 12", "publishCompleted 0 t", "publishCompleted 1 t", "publishCompleted 2 t",
                        "received 0 10", "received 1 11", "received 2 12");
                assertThat(events.lines).doesNotContain("connectFailed false", "connectionLost");
                assertThat(events.lines.indexOf("connected false")).isZero();
            }
        }
    }

    @Test
    void aPublishRefusedAtTheCallIsACompletionWithItsErrorOnly() {
        Events events = new Events();
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:" + FreePort.find())
                .setClientId("refused").addObserver(events))) {
            assertThat(c.publish("kite/refused", 1, false, "x").waitFor()).isTrue();
            await().atMost(WAIT).until(() -> events.count("publishCompleted 1 t failed") == 1);
            assertThat(events.lines).containsExactly("publishCompleted 1 t failed");
        }
    }

    @Test
    void countsFailedConnectsLossesAndReconnects() {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Events events = new Events();
            int deadPort = FreePort.find();
            try (MqttClient dead = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:" + deadPort)
                    .setClientId("dead").addObserver(events))) {
                assertThat(dead.connect().waitFor(WAIT)).isTrue();
                await().atMost(WAIT).until(() -> events.count("connectFailed false") == 1);
            }
            Events phoenix = new Events();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("phoenix")
                    .setMaxReconnectInterval(Duration.ofMillis(300)).addObserver(phoenix))) {
                c.connect().await();
                broker.stop();
                await().atMost(WAIT).until(() -> phoenix.count("connectionLost") == 1
                        && phoenix.count("connectFailed true") >= 1);
                broker.restart();
                await().atMost(WAIT).until(() -> phoenix.count("connected true") == 1);
                assertThat(phoenix.lines.get(0)).isEqualTo("connected false");
                assertThat(phoenix.lines.get(1)).isEqualTo("connectionLost");
                assertThat(phoenix.lines.get(phoenix.lines.size() - 1)).isEqualTo("connected true");
                assertThat(c.stats().reconnects()).isEqualTo(1);
            }
        }
    }

    @Test
    void aThrowingObserverDoesNotHarmTheClientAndIsLoggedOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Events after = new Events();
            ClientObserver throwing = new ClientObserver() {
                @Override
                public void received(MqttClient client, int qos, int payloadBytes) {
                    throw new IllegalStateException("broken observer");
                }

                @Override
                public void published(MqttClient client, int qos, int payloadBytes) {
                    throw new IllegalStateException("broken observer");
                }
            };
            Recorder rec = new Recorder();
            String log = Logs.stderrOf(() -> {
                try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                        .setClientId("survivor").addObserver(throwing).addObserver(after))) {
                    c.connect().await();
                    c.subscribe("kite/survivor", 1, rec).await();
                    for (int i = 0; i < 5; i++) {
                        c.publish("kite/survivor", 1, false, "m" + i).await();
                    }
                    assertThat(rec.awaitCount(5, WAIT)).hasSize(5);
                    await().atMost(WAIT).until(() -> after.count("received 1 2") == 5);
                }
            });
            assertThat(after.count("published 1 2")).isEqualTo(5);
            assertThat(Logs.warnings(log, "threw in")).isEqualTo(1);
        }
    }

    @Test
    void statsCountTheDeliveriesWaitingForAHandler() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            CountDownLatch release = new CountDownLatch(1);
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("queue"))) {
                c.connect().await();
                c.subscribe("kite/queue", 1, (client, m) -> {
                    try {
                        release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).await();
                for (int i = 0; i < 3; i++) {
                    c.publish("kite/queue", 1, false, "q" + i).await();
                }
                // one handler runs and two wait behind it
                await().atMost(WAIT).until(() -> c.stats().deliveryQueued() == 3);
                release.countDown();
                await().atMost(WAIT).until(() -> c.stats().deliveryQueued() == 0 && c.stats().messagesDelivered() == 3);
            }
        }
    }
}
