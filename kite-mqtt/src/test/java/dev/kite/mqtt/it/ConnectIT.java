package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.testing.FaultProxy;
import dev.kite.testing.FreePort;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.testing.MosquittoBroker;
import dev.kite.mqtt.testing.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** paho.mqtt.golang's connect semantics: broker list, version fallback, refusals, credentials. */
class ConnectIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void noBrokersFailsWithPahoGolangsMessage() {
        try (MqttClient c = MqttClient.create(new ClientOptions())) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(t.error()).isInstanceOf(MqttConnectionException.class)
                    .hasMessage("no servers defined to connect to");
            assertThat(c.isConnected()).isFalse();
        }
    }

    @Test
    void connectReturnsAtOnceAndCompletesInTheBackground() {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.drain();
        })) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri())
                    .setConnectTimeout(Duration.ofMillis(500)))) {
                ConnectToken t = c.connect();
                assertThat(t.isDone()).isFalse();
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isInstanceOf(MqttConnectionException.class).hasMessageContaining("no CONNACK");
                assertThat(t.returnCode()).isEqualTo(-1);
            }
        }
    }

    @Test
    void firstBrokerDownSecondUsed() {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            int dead = FreePort.find();
            try (MqttClient c = MqttClient.create(new ClientOptions()
                    .addBroker("tcp://127.0.0.1:" + dead).addBroker(broker.uri()).setClientId("failover"))) {
                c.connect().await();
                assertThat(c.isConnected()).isTrue();
                Recorder rec = new Recorder();
                c.subscribe("kite/failover", 1, rec).await();
                c.publish("kite/failover", 1, false, "ok").await();
                assertThat(rec.awaitCount(1, WAIT).get(0).topic()).isEqualTo("kite/failover");
            }
        }
    }

    @Test
    void allBrokersDownGivesTheFirstErrorWithTheOthersSuppressed() {
        int dead1 = FreePort.find();
        int dead2 = FreePort.find();
        try (MqttClient c = MqttClient.create(new ClientOptions()
                .addBroker("tcp://127.0.0.1:" + dead1).addBroker("tcp://127.0.0.1:" + dead2))) {
            ConnectToken t = c.connect();
            t.waitFor(WAIT);
            assertThat(t.error()).isInstanceOf(MqttConnectionException.class)
                    .hasMessageContaining("127.0.0.1:" + dead1);
            assertThat(t.error().getSuppressed()).singleElement().asString().contains("127.0.0.1:" + dead2);
            assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
        }
    }

    @Test
    void aRefusalByTheFirstBrokerIsNotHiddenByTheSecondBeingDown() {
        try (MockBroker refusing = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 4));
            p.drain();
        })) {
            int dead = FreePort.find();
            try (MqttClient c = MqttClient.create(new ClientOptions()
                    .addBroker(refusing.uri()).addBroker("tcp://127.0.0.1:" + dead))) {
                ConnectToken t = c.connect();
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isInstanceOf(ConnectionRefusedException.class)
                        .hasMessageContaining("bad user name or password (return code 4)");
                assertThat(t.returnCode()).isEqualTo(4);
                assertThat(t.error().getSuppressed()).singleElement()
                        .isInstanceOf(MqttConnectionException.class)
                        .extracting(Throwable::getMessage).asString().contains("127.0.0.1:" + dead);
            }
        }
    }

    @Test
    void wrongCredentialsAreRefusedWithTheBrokersCode() {
        try (MosquittoBroker broker = MosquittoBroker.builder().credentials("kite", "secret").start()) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setUsername("kite").setPassword("wrong"))) {
                ConnectToken t = c.connect();
                t.waitFor(WAIT);
                assertThat(t.error()).isInstanceOf(ConnectionRefusedException.class);
                ConnectionRefusedException e = (ConnectionRefusedException) t.error();
                // Mosquitto answers a bad password with "not authorised" (5) in MQTT 3.1.1
                assertThat(e.code()).isIn(4, 5);
                assertThat(e.getMessage()).containsAnyOf("bad user name or password", "not authorised")
                        .doesNotContain("wrong");
                assertThat(t.returnCode()).isEqualTo(e.code());
            }
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setUsername("kite").setPassword("secret".toCharArray()))) {
                c.connect().await();
                assertThat(c.isConnected()).isTrue();
            }
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setCredentialsProvider(() -> new dev.kite.mqtt.CredentialsProvider.Credentials(
                            "kite", "secret".getBytes())))) {
                c.connect().await();
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    @Test
    void credentialsRefusalIsNotRetriedWithMqtt31() throws Exception {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 4));
            p.drain();
        })) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()))) {
                ConnectToken t = c.connect();
                t.waitFor(WAIT);
                assertThat(t.error()).isInstanceOf(ConnectionRefusedException.class)
                        .hasMessageContaining("bad user name or password (return code 4)");
            }
            assertThat(peer.connections()).isEqualTo(1);
        }
    }

    @Test
    void unacceptableVersionFallsBackToMqtt31AndLocksIt() throws Exception {
        List<Connect> connects = new CopyOnWriteArrayList<>();
        try (MockBroker peer = new MockBroker(p -> {
            Connect connect = p.expect(Connect.class, 10);
            connects.add(connect);
            if (connect.version() == ProtocolVersion.MQTT_3_1_1) {
                p.send(new Connack(false, 1));
                p.close();
                return;
            }
            p.send(new Connack(false, 0));
            if (connects.size() == 2) {
                p.close(); // drop the first accepted connection to force a reconnect
            } else {
                p.drain();
            }
        })) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()).setClientId("old")
                    .setMaxReconnectInterval(Duration.ofMillis(200)))) {
                c.connect().await();
                await().atMost(WAIT).until(() -> connects.size() >= 3 && c.isConnected());
            }
            assertThat(connects).extracting(Connect::version).containsExactly(
                    ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_3_1, ProtocolVersion.MQTT_3_1);
        }
    }

    @Test
    void closeBeforeConnackAlsoFallsBack() throws Exception {
        List<Connect> connects = new CopyOnWriteArrayList<>();
        try (MockBroker peer = new MockBroker(p -> {
            Connect connect = p.expect(Connect.class, 10);
            connects.add(connect);
            if (connect.version() == ProtocolVersion.MQTT_3_1_1) {
                p.close();
                return;
            }
            p.send(new Connack(false, 0));
            p.drain();
        })) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()).setClientId("old"))) {
                c.connect().await();
                assertThat(c.isConnected()).isTrue();
            }
            assertThat(connects).extracting(Connect::version)
                    .containsExactly(ProtocolVersion.MQTT_3_1_1, ProtocolVersion.MQTT_3_1);
        }
    }

    @Test
    void explicitVersionNeverFallsBack() throws Exception {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 1));
            p.close();
        })) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()).setProtocolVersion(4))) {
                ConnectToken t = c.connect();
                t.waitFor(WAIT);
                assertThat(t.error()).isInstanceOf(ConnectionRefusedException.class)
                        .hasMessageContaining("unacceptable protocol version");
            }
            assertThat(peer.connections()).isEqualTo(1);
        }
    }

    @Test
    void bridgeVersionSetsTheBridgeBit() throws Exception {
        List<Connect> connects = new CopyOnWriteArrayList<>();
        try (MockBroker peer = new MockBroker(p -> {
            connects.add(p.expect(Connect.class, 10));
            p.send(new Connack(false, 0));
            p.drain();
        })) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()).setProtocolVersion(0x83))) {
                c.connect().await();
            }
            assertThat(connects).singleElement().satisfies(k -> {
                assertThat(k.bridge()).isTrue();
                assertThat(k.version()).isEqualTo(ProtocolVersion.MQTT_3_1);
            });
        }
    }

    @Test
    void mosquittoAcceptsMqtt31WhenAskedExplicitly() {
        try (MosquittoBroker broker = MosquittoBroker.start();
             MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                     .setClientId("v31").setProtocolVersion(3))) {
            c.connect().await();
            Recorder rec = new Recorder();
            c.subscribe("kite/v31", 2, rec).await();
            c.publish("kite/v31", 2, false, "old but gold").await();
            assertThat(rec.awaitCount(1, WAIT).get(0).qos()).isEqualTo(2);
        }
    }

    @Test
    void willIsPublishedWhenTheConnectionIsLost() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder rec = new Recorder();
            try (MqttClient watcher = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("w"))) {
                watcher.connect().await();
                watcher.subscribe("kite/will", 1, rec).await();
                try (MqttClient doomed = MqttClient.create(new ClientOptions().addBroker(proxy.uri())
                        .setClientId("doomed").setWill("kite/will", "gone", 1, false).setAutoReconnect(false))) {
                    doomed.connect().await();
                    proxy.cutAll();
                    assertThat(new String(rec.awaitCount(1, WAIT).get(0).payload())).isEqualTo("gone");
                }
            }
        }
    }

    @Test
    void emptyClientIdNeedsCleanSession() {
        assertThatThrownBy(() -> MqttClient.create(new ClientOptions().setCleanSession(false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cleanSession");
    }
}
