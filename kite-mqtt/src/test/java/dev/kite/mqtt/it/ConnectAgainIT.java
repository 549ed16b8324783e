package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.testing.FaultProxy;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same client connects again after {@code disconnect()} (Spring's stop/start): its session
 * behaves as after a reconnect, and {@code close()} stays final. Against Mosquitto, at MQTT 3.1.1
 * and 5.0.
 */
class ConnectAgainIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @ParameterizedTest(name = "MQTT version {0}")
    @ValueSource(ints = {4, 5})
    void persistentSessionGetsWhatWasPublishedWhileDisconnectedBothWays(int version) {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Recorder seenOutside = new Recorder();
            Recorder seenByClient = new Recorder();
            try (MqttClient outside = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                         .setClientId("outside-" + version).setProtocolVersion(version));
                 MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                         .setClientId("again-" + version).setProtocolVersion(version).setCleanSession(false))) {
                outside.connect().await();
                outside.subscribe("kite/again/out", 2, seenOutside).await();
                c.connect().await();
                c.subscribe("kite/again/in", 1, seenByClient).await();

                c.disconnect(1000);
                assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
                // queued while disconnected, both ways: the client's publishes wait in its session,
                // the broker keeps the persistent session's messages
                PublishToken q1 = c.publish("kite/again/out", 1, false, "queued-qos1");
                PublishToken q2 = c.publish("kite/again/out", 2, false, "queued-qos2");
                outside.publish("kite/again/in", 1, false, "while-away").await();
                assertThat(q1.isDone()).isFalse();
                assertThat(q2.isDone()).isFalse();

                ConnectToken again = c.connect();
                again.await();
                assertThat(again.sessionPresent()).isTrue();
                assertThat(c.isConnected()).isTrue();
                q1.await();
                q2.await();
                assertThat(seenOutside.awaitCount(2, WAIT).size()).isEqualTo(2);
                assertThat(seenOutside.payloads()).containsExactly("queued-qos1", "queued-qos2");
                // the subscription works again: what came while away, then what comes now
                outside.publish("kite/again/in", 1, false, "after").await();
                assertThat(seenByClient.awaitCount(2, WAIT).size()).isEqualTo(2);
                assertThat(seenByClient.payloads()).containsExactly("while-away", "after");
            }
        }
    }

    @ParameterizedTest(name = "MQTT version {0}")
    @ValueSource(ints = {4, 5})
    void persistentSessionResendsWhatWasInFlightAtDisconnect(int version) {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder seenOutside = new Recorder();
            try (MqttClient outside = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                         .setClientId("outside-inflight-" + version).setProtocolVersion(version));
                 MqttClient c = MqttClient.create(new ClientOptions().addBroker(proxy.uri())
                         .setClientId("inflight-" + version).setProtocolVersion(version).setCleanSession(false))) {
                outside.connect().await();
                outside.subscribe("kite/inflight", 1, seenOutside).await();
                c.connect().await();
                // the proxy holds the bytes: the publishes leave the client and are never acknowledged
                proxy.stall();
                List<PublishToken> tokens = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    tokens.add(c.publish("kite/inflight", 1, false, "in-flight-" + i));
                }
                await().atMost(WAIT).until(() -> c.stats().inFlight() == 3);
                c.disconnect(0);
                proxy.cutAll();
                proxy.resume();
                assertThat(tokens).noneMatch(PublishToken::isDone);
                assertThat(c.stats().inFlight()).as("kept for the next connect").isEqualTo(3);

                c.connect().await();
                tokens.forEach(PublishToken::await);
                seenOutside.awaitCount(3, WAIT);
                assertThat(seenOutside.payloads()).containsExactly("in-flight-0", "in-flight-1", "in-flight-2");
            }
        }
    }

    @ParameterizedTest(name = "clean session {0}")
    @ValueSource(booleans = {true, false})
    void withoutAutoReconnectALostConnectionFailsACleanSessionsFlowsAndKeepsAPersistentOnes(boolean clean) {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder seenOutside = new Recorder();
            try (MqttClient outside = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                         .setClientId("outside-lost-" + clean));
                 MqttClient c = MqttClient.create(new ClientOptions().addBroker(proxy.uri())
                         .setClientId("lost-" + clean).setCleanSession(clean).setAutoReconnect(false))) {
                outside.connect().await();
                outside.subscribe("kite/lost", 1, seenOutside).await();
                c.connect().await();
                proxy.stall();
                PublishToken token = c.publish("kite/lost", 1, false, "in-flight");
                await().atMost(WAIT).until(() -> c.stats().inFlight() == 1);
                proxy.cutAll();
                proxy.resume();
                await().atMost(WAIT).until(() -> c.state() == ConnectionState.DISCONNECTED);

                if (clean) {
                    // paho.mqtt.golang's rule: no reconnect and a clean session end the flows now
                    assertThat(token.waitFor(WAIT)).isTrue();
                    assertThat(token.error()).isInstanceOf(MqttConnectionException.class)
                            .hasMessageContaining("no reconnect follows");
                    assertThat(c.stats().inFlight()).isZero();
                } else {
                    // a persistent session keeps the flow for the next connect(), which resends it
                    assertThat(token.isDone()).isFalse();
                    c.connect().await();
                    token.await();
                    assertThat(seenOutside.awaitCount(1, WAIT).size()).isEqualTo(1);
                }
            }
        }
    }

    @ParameterizedTest(name = "MQTT version {0}")
    @ValueSource(ints = {4, 5})
    void cleanSessionResubscribesAndSendsWhatWasQueued(int version) {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Recorder seenOutside = new Recorder();
            Recorder seenByClient = new Recorder();
            try (MqttClient outside = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                         .setClientId("outside-clean-" + version).setProtocolVersion(version));
                 MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                         .setClientId("again-clean-" + version).setProtocolVersion(version))) {
                outside.connect().await();
                outside.subscribe("kite/clean/out", 1, seenOutside).await();
                c.connect().await();
                c.subscribe("kite/clean/in", 1, seenByClient).await();
                c.disconnect(1000);
                PublishToken queued = c.publish("kite/clean/out", 1, false, "queued");

                ConnectToken again = c.connect();
                again.await();
                assertThat(again.sessionPresent()).isFalse();
                queued.await();
                seenOutside.awaitCount(1, WAIT);
                assertThat(seenOutside.payloads()).containsExactly("queued");
                // a clean session resubscribes (setResubscribe, the default): the handler gets messages again
                await().atMost(WAIT).until(() -> c.stats().inFlight() == 0);
                outside.publish("kite/clean/in", 1, false, "again").await();
                seenByClient.awaitCount(1, WAIT);
                assertThat(seenByClient.payloads()).containsExactly("again");
            }
        }
    }

    @ParameterizedTest(name = "round {0}")
    @ValueSource(ints = {1})
    void closeIsFinal(int round) {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("final-" + round));
            c.connect().await();
            c.disconnect(0);
            c.connect().await();
            c.close();
            assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThatThrownBy(c::connect).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("client is closed: create a new client");
            assertThatThrownBy(() -> c.publish("kite/x", 0, false, "late")).isInstanceOf(IllegalStateException.class);
            c.disconnect(0); // a closed client ignores disconnect
            c.close();
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {4})
    void concurrentConnectsAndDisconnectsLeaveAUsableClient(int threads) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Recorder rec = new Recorder();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("churn"))) {
                List<Throwable> unexpected = new CopyOnWriteArrayList<>();
                CountDownLatch done = new CountDownLatch(threads);
                List<Thread> started = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int me = t;
                    Thread th = new Thread(() -> {
                        try {
                            for (int i = 0; i < 15; i++) {
                                if ((i + me) % 2 == 0) {
                                    try {
                                        c.connect().waitFor(WAIT);
                                    } catch (MqttClientException e) {
                                        // a disconnect of another thread may fail this connect: expected
                                    }
                                } else {
                                    c.disconnect(10);
                                }
                            }
                        } catch (Throwable e) {
                            unexpected.add(e);
                        } finally {
                            done.countDown();
                        }
                    }, "churn-" + t);
                    started.add(th);
                    th.start();
                }
                assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
                assertThat(unexpected).isEmpty();
                c.disconnect(0);
                assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
                c.connect().await();
                c.subscribe("kite/churn", 1, rec).await();
                c.publish("kite/churn", 1, false, "still-works").await();
                rec.awaitCount(1, WAIT);
                assertThat(rec.payloads()).containsExactly("still-works");
                assertThat(c.stats().inFlight()).isZero();
            }
        }
    }
}
