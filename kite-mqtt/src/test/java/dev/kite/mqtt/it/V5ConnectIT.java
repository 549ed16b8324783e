package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.testing.FaultProxy;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MQTT 5.0 connection life against real brokers: Mosquitto 2.0 and the embedded HiveMQ CE. */
class V5ConnectIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static MosquittoBroker mosquitto;
    private static EmbeddedBroker hivemq;

    @BeforeAll
    static void start() throws Exception {
        // a Receive Maximum that is not the default, to see the CONNACK read rather than assumed
        mosquitto = MosquittoBroker.builder().config("max_inflight_messages 17").start();
        hivemq = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        if (mosquitto != null) {
            mosquitto.close();
        }
        if (hivemq != null) {
            hivemq.close();
        }
    }

    private static ClientOptions v5(String uri, String clientId) {
        return new ClientOptions().addBroker(uri).setClientId(clientId).setProtocolVersion(5);
    }

    @Test
    void mosquittoAcceptsALevel5ConnectAndAnnouncesItsLimits() {
        try (MqttClient c = MqttClient.create(v5(mosquitto.uri(), "v5-limits")
                .setUserProperties(List.of(new UserProperty("site", "lab"))))) {
            ConnectToken t = c.connect();
            t.await();
            assertThat(t.returnCode()).isZero();
            ConnackProperties connack = t.connack();
            assertThat(connack.receiveMaximum()).as("max_inflight_messages").isEqualTo(17);
            assertThat(connack.topicAliasMaximum()).as("Mosquitto's max_topic_alias default").isEqualTo(10);
            assertThat(connack.assignedClientId()).isEmpty();
        }
    }

    @Test
    void plainMessagesGoBothWaysAtVersion5() {
        try (MqttClient c = MqttClient.create(v5(mosquitto.uri(), "v5-pubsub"))) {
            c.connect().await();
            Recorder rec = new Recorder();
            c.subscribe("kite/v5/#", 2, rec).await();
            c.publish("kite/v5/q0", 0, false, "zero").await();
            c.publish("kite/v5/q1", 1, false, "one").await();
            c.publish("kite/v5/q2", 2, false, "two").await();
            assertThat(rec.awaitCount(3, WAIT)).extracting(m -> m.topic())
                    .containsExactlyInAnyOrder("kite/v5/q0", "kite/v5/q1", "kite/v5/q2");
            c.unsubscribe("kite/v5/#").await();
        }
    }

    @Test
    void anEmptyClientIdIsAssignedByTheBroker_MQTT_3_2_2_3_7() {
        try (MqttClient c = MqttClient.create(v5(mosquitto.uri(), ""))) {
            ConnectToken t = c.connect();
            t.await();
            assertThat(t.connack().assignedClientId()).hasValueSatisfying(id -> assertThat(id).isNotEmpty());
        }
    }

    @Test
    void aSessionWithAnExpiryIntervalIsResumedByTheNextConnect() {
        ClientOptions persistent = v5(mosquitto.uri(), "v5-expiry").setCleanSession(false)
                .setSessionExpiryInterval(Duration.ofMinutes(5));
        try (MqttClient c = MqttClient.create(v5(mosquitto.uri(), "v5-expiry")
                .setSessionExpiryInterval(Duration.ofMinutes(5)))) {
            // clean start: whatever an earlier run left is gone, and a new session that outlives the connection begins
            ConnectToken t = c.connect();
            t.await();
            assertThat(t.sessionPresent()).isFalse();
            c.subscribe("kite/v5/expiry", 1, (cl, m) -> { }).await();
        }
        try (MqttClient c = MqttClient.create(persistent)) {
            ConnectToken t = c.connect();
            t.await();
            assertThat(t.sessionPresent()).as("the session outlived the first connection").isTrue();
        }
        try (MqttClient c = MqttClient.create(v5(mosquitto.uri(), "v5-expiry"))) {
            ConnectToken t = c.connect();
            t.await();
            assertThat(t.sessionPresent()).as("clean start discards it").isFalse();
        }
    }

    @Test
    void aReconnectUsesTheAssignedClientIdAndResumesItsSession() {
        List<String> connects = new CopyOnWriteArrayList<>();
        try (FaultProxy proxy = new FaultProxy(mosquitto.port());
             MqttClient c = MqttClient.create(v5(proxy.uri(), "").setCleanSession(false)
                     .setSessionExpiryInterval(Duration.ofMinutes(5)).setMaxReconnectInterval(Duration.ofMillis(200))
                     .setOnConnectHandler(cl -> connects.add("connected")));
             MqttClient publisher = MqttClient.create(v5(mosquitto.uri(), "v5-assigned-pub"))) {
            ConnectToken t = c.connect();
            t.await();
            String assigned = t.connack().assignedClientId().orElseThrow();
            Recorder rec = new Recorder();
            c.subscribe("kite/v5/assigned/" + assigned, 1, rec).await();
            publisher.connect().await();
            proxy.refuse(true);
            proxy.cutAll();
            await().atMost(WAIT).until(() -> !c.isConnected());
            // sent while the client is away: only a session found again under the same id keeps it
            publisher.publish("kite/v5/assigned/" + assigned, 1, false, "kept").await();
            proxy.refuse(false);
            assertThat(new String(rec.awaitCount(1, WAIT).get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("kept");
            await().atMost(WAIT).until(() -> connects.size() == 2);
            assertThat(c.connect().sessionPresent()).as("the reconnect's CONNACK").isTrue();
        }
    }

    @Test
    void aBadPasswordFailsTheTokenWithTheReasonCode() {
        try (MosquittoBroker secured = MosquittoBroker.builder().credentials("kite", "right").start();
             MqttClient c = MqttClient.create(v5(secured.uri(), "v5-auth").setUsername("kite")
                     .setPassword("wrong"))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(t.error()).isInstanceOf(ConnectionRefusedException.class);
            ConnectionRefusedException e = (ConnectionRefusedException) t.error();
            assertThat(e.code()).isIn(0x86, 0x87);
            assertThat(t.returnCode()).isEqualTo(e.code());
            assertThat(e).hasMessageContaining("reason code 0x8");
        }
    }

    @Test
    void aSessionTakenOverOnMosquittoEndsTheFirstConnectionWithoutADisconnect() {
        // measured: Mosquitto 2.0.11 closes the first connection without sending DISCONNECT 0x8E
        Throwable cause = assertTakeOver(mosquitto.uri(), "v5-takeover-m");
        assertThat(cause).isInstanceOf(MqttConnectionException.class)
                .hasMessageContaining("connection closed by the broker");
    }

    @Test
    void hivemqAcceptsALevel5ConnectAndPassesMessages() {
        try (MqttClient c = MqttClient.create(v5(hivemq.uri(), "v5-hivemq"))) {
            ConnectToken t = c.connect();
            t.await();
            assertThat(t.returnCode()).isZero();
            Recorder rec = new Recorder();
            c.subscribe("kite/v5/h", 1, rec).await();
            c.publish("kite/v5/h", 1, false, "hi").await();
            assertThat(rec.awaitCount(1, WAIT).get(0).topic()).isEqualTo("kite/v5/h");
        }
    }

    @Test
    void aSessionTakenOverOnHivemqIsReportedWithReasonCode0x8E() {
        Throwable cause = assertTakeOver(hivemq.uri(), "v5-takeover-h");
        assertThat(cause).isInstanceOf(MqttServerException.class);
        assertThat(((MqttServerException) cause).code()).isEqualTo(0x8E);
        assertThat(cause).hasMessageContaining("Session taken over");
    }

    /** Connects a second client with the first one's id; returns what the first one's lost handler got. */
    private static Throwable assertTakeOver(String uri, String id) {
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        try (MqttClient first = MqttClient.create(v5(uri, id).setAutoReconnect(false)
                .setConnectionLostHandler((c, cause) -> lost.add(cause)));
             MqttClient second = MqttClient.create(v5(uri, id).setAutoReconnect(false))) {
            first.connect().await();
            second.connect().await();
            await().atMost(WAIT).until(() -> !lost.isEmpty());
            assertThat(second.isConnected()).isTrue();
            assertThat(first.isConnected()).isFalse();
            return lost.get(0);
        }
    }
}
