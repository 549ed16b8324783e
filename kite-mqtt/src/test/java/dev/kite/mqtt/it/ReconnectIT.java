package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.testing.FaultProxy;
import dev.kite.testing.MosquittoBroker;
import dev.kite.mqtt.testing.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Connect retry and auto-reconnect through a proxy that refuses and cuts connections. */
class ReconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void connectRetryKeepsTryingAndSendsWhatWasPublishedMeanwhile() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder rec = new Recorder();
            try (MqttClient sub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("retry-sub"))) {
                sub.connect().await();
                sub.subscribe("kite/retry", 1, rec).await();
                proxy.refuse(true);
                try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(proxy.uri()).setClientId("retry")
                        .setConnectRetry(true).setConnectRetryInterval(Duration.ofMillis(200)))) {
                    ConnectToken t = c.connect();
                    List<PublishToken> tokens = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        tokens.add(c.publish("kite/retry", 1, false, "queued" + i));
                    }
                    await().atMost(WAIT).until(() -> proxy.accepted() == 0 && c.state() == ConnectionState.CONNECTING);
                    assertThat(t.isDone()).isFalse();
                    proxy.refuse(false);
                    t.await();
                    tokens.forEach(PublishToken::await);
                    assertThat(rec.awaitCount(5, WAIT).size()).isEqualTo(5);
                    assertThat(rec.payloads()).containsExactly("queued0", "queued1", "queued2", "queued3", "queued4");
                }
            }
        }
    }

    @Test
    void lostConnectionIsReportedAndReestablished() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            AtomicInteger connects = new AtomicInteger();
            AtomicInteger reconnecting = new AtomicInteger();
            List<Throwable> lost = new CopyOnWriteArrayList<>();
            List<ConnectionState> seen = new CopyOnWriteArrayList<>();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(proxy.uri()).setClientId("phoenix")
                    .setCleanSession(false).setMaxReconnectInterval(Duration.ofMillis(500))
                    .setOnConnectHandler(client -> connects.incrementAndGet())
                    .setReconnectingHandler((client, o) -> reconnecting.incrementAndGet())
                    .setConnectionLostHandler((client, cause) -> {
                        lost.add(cause);
                        seen.add(client.state());
                    }))) {
                c.connect().await();
                await().atMost(WAIT).until(() -> connects.get() == 1);
                proxy.cutAll();
                await().atMost(WAIT).until(() -> lost.size() == 1);
                await().atMost(WAIT).until(() -> connects.get() == 2 && c.isConnected());
                assertThat(reconnecting.get()).isGreaterThanOrEqualTo(1);
                assertThat(seen.get(0)).isNotEqualTo(ConnectionState.CONNECTED);
                assertThat(c.stats().reconnects()).isEqualTo(1);
                c.publish("kite/phoenix", 1, false, "alive").await();
            }
        }
    }

    @Test
    void inFlightQos1And2SurviveACutAndArriveInOrder() {
        int n = 2_000;
        // max_inflight_messages 0: Mosquitto 2.0.11 lets a new message overtake messages queued for
        // a subscriber whose in-flight window is full; the order check is about Kite (see FaultIT)
        try (MosquittoBroker broker = MosquittoBroker.builder().config("max_inflight_messages 0").start();
             FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder rec = new Recorder();
            try (MqttClient sub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("cut-sub")
                    .setCleanSession(false))) {
                sub.connect().await();
                sub.subscribe("kite/cut/#", 2, rec).await();
                try (MqttClient pub = MqttClient.create(new ClientOptions().addBroker(proxy.uri()).setClientId("cut-pub")
                        .setCleanSession(false).setMaxReconnectInterval(Duration.ofMillis(200)))) {
                    pub.connect().await();
                    List<PublishToken> tokens = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        tokens.add(pub.publish("kite/cut/" + (i % 2 + 1), i % 2 + 1, false, Integer.toString(i)));
                        if (i % 500 == 250) {
                            proxy.cutAll();
                        }
                    }
                    tokens.forEach(t -> {
                        t.waitFor(Duration.ofSeconds(60));
                        assertThat(t.error()).isNull();
                    });
                    rec.awaitCount(n, Duration.ofSeconds(60));
                    List<String> qos2 = rec.messages().stream().filter(m -> m.topic().endsWith("/2"))
                            .map(m -> new String(m.payload())).toList();
                    List<String> qos1 = rec.messages().stream().filter(m -> m.topic().endsWith("/1"))
                            .map(m -> new String(m.payload())).distinct().toList();
                    assertThat(qos2).hasSize(n / 2).doesNotHaveDuplicates();
                    assertThat(qos1).hasSize(n / 2);
                    try {
                        assertThat(qos2).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
                    } catch (AssertionError e) {
                        System.err.println("broker log:\n" + broker.log());
                        throw e;
                    }
                }
            }
        }
    }
}
