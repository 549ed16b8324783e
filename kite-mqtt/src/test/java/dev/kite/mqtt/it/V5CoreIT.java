package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.Disconnection;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.UnsubscribeToken;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The last MQTT 5.0 gaps of the client core, through Mosquitto: DISCONNECT with a reason code
 * and a session expiry, pending requests at disconnect, the Receive Maximum Mosquitto does not
 * keep (counted, or strict), the broker's Maximum Packet Size for SUBSCRIBE and UNSUBSCRIBE.
 */
class V5CoreIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttClient connected(String uri, String id, UnaryOperator<ClientOptions> more) {
        MqttClient c = MqttClient.create(more.apply(new ClientOptions().addBroker(uri).setClientId(id).setProtocolVersion(5)));
        ConnectToken t = c.connect();
        assertThat(t.waitFor(WAIT)).isTrue();
        assertThat(t.error()).isNull();
        return c;
    }

    @Test
    void disconnectWithWillMessageMakesMosquittoPublishTheWill() {
        Recorder wills = new Recorder();
        try (MqttClient watcher = connected(broker.uri(), "v5core-watcher", o -> o)) {
            watcher.subscribe("kite/v5core/will", 1, wills).await();
            MqttClient leaving = connected(broker.uri(), "v5core-leaving",
                    o -> o.setWill("kite/v5core/will", "gone with 0x04", 1, false));

            leaving.disconnect(100, Disconnection.WITH_WILL.withReasonString("leaving on purpose"));

            Message will = wills.awaitCount(1, WAIT).get(0);
            assertThat(new String(will.payload(), StandardCharsets.UTF_8)).isEqualTo("gone with 0x04");
        }
    }

    @Test
    void aZeroSessionExpiryAtDisconnectEndsAPersistentSession() {
        UnaryOperator<ClientOptions> persistent = o -> o.setCleanSession(false).setSessionExpiryInterval(Duration.ofHours(1));
        MqttClient first = connected(broker.uri(), "v5core-expiry", persistent);
        first.subscribe("kite/v5core/expiry", 1, new Recorder()).await();
        first.disconnect(100, Disconnection.NORMAL.withSessionExpiry(Duration.ZERO));

        try (MqttClient again = MqttClient.create(persistent.apply(new ClientOptions().addBroker(broker.uri())
                .setClientId("v5core-expiry").setProtocolVersion(5)))) {
            ConnectToken t = again.connect();
            t.await();
            assertThat(t.sessionPresent()).as("the session ended with the connection").isFalse();
        }
    }

    @Test
    void aNonZeroSessionExpiryAfterAConnectWithZeroIsRefusedAtTheCallAndTheClientStaysConnected() {
        try (MqttClient c = connected(broker.uri(), "v5core-refuse", o -> o)) {
            assertThatThrownBy(() -> c.disconnect(0, Disconnection.NORMAL.withSessionExpiry(Duration.ofMinutes(1))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("section 3.14.2.2.2");
            assertThatThrownBy(() -> c.disconnect(0, null)).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.isConnected()).isTrue();
            c.publish("kite/v5core/refuse", 1, false, "still up").await();
        }
    }

    @Test
    void under311AReasonCodeOrPropertiesAreRefusedWithAnIllegalStateException() {
        try (MqttClient c = connected(broker.uri(), "v5core-311", o -> o.setProtocolVersion(4))) {
            assertThatThrownBy(() -> c.disconnect(0, Disconnection.WITH_WILL)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("MQTT 5.0");
            assertThat(c.isConnected()).isTrue();
            c.disconnect(0, Disconnection.NORMAL);
            assertThat(c.isConnected()).isFalse();
        }
    }

    @Test
    void pendingRequestsFailWhenTheClientDisconnects() throws Exception {
        MqttClient c = connected(broker.uri(), "v5core-requests", o -> o);
        CompletableFuture<Message> first = c.request("kite/v5core/nobody-answers", new byte[] {1}, 1, Duration.ofMinutes(5));
        CompletableFuture<Message> second = c.request("kite/v5core/nobody-answers", new byte[] {2}, 0, Duration.ofMinutes(5));

        c.disconnect(0);

        for (CompletableFuture<Message> f : List.of(first, second)) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(MqttClientException.class).hasMessageContaining("client disconnected");
        }
    }

    private static final int BURST = 2_000;

    /**
     * Publishes a burst of QoS 1 messages without waiting between them, at a subscriber that
     * announced Receive Maximum 3: Mosquitto 2.0 (measured) then has far more than 3
     * unacknowledged PUBLISHes in flight to it.
     */
    private static void burstAt(String topic) {
        try (MqttClient pub = connected(broker.uri(), topic.replace('/', '-') + "-pub", o -> o.setMaxInflight(1_000))) {
            PublishToken last = null;
            for (int i = 0; i < BURST; i++) {
                last = pub.publish(topic, 1, false, "m" + i);
            }
            last.await();
        }
    }

    @Test
    void aReceiveMaximumOverrunIsCountedAndTheConnectionKept() {
        Recorder rec = new Recorder();
        AtomicReference<Throwable> lost = new AtomicReference<>();
        try (MqttClient sub = connected(broker.uri(), "v5core-rm",
                o -> o.setReceiveMaximum(3).setConnectionLostHandler((c, e) -> lost.set(e)))) {
            sub.subscribe("kite/v5core/rm", 1, rec).await();
            burstAt("kite/v5core/rm");

            assertThat(rec.awaitCount(BURST, WAIT)).as("nothing lost").hasSize(BURST);
            assertThat(sub.stats().overReceiveMaximum()).isGreaterThan(0);
            assertThat(sub.isConnected()).isTrue();
            assertThat(lost.get()).isNull();
        }
    }

    @Test
    void aStrictClientDisconnectsWith0x93AtTheFirstMessageOverItsReceiveMaximum() {
        AtomicReference<Throwable> lost = new AtomicReference<>();
        try (MqttClient sub = connected(broker.uri(), "v5core-strict", o -> o.setReceiveMaximum(3)
                .setStrictReceiveMaximum(true).setAutoReconnect(false).setConnectionLostHandler((c, e) -> lost.set(e)))) {
            sub.subscribe("kite/v5core/strict", 1, new Recorder()).await();
            burstAt("kite/v5core/strict");

            await().atMost(WAIT).until(() -> lost.get() != null);

            assertThat(lost.get()).isInstanceOf(MqttProtocolException.class).hasMessageContaining("Receive Maximum of 3");
            assertThat(((MqttProtocolException) lost.get()).reasonCode()).isEqualTo(0x93);
            assertThat(sub.stats().overReceiveMaximum()).isZero();
        }
    }

    @Test
    void aSubscribeOrUnsubscribeOverTheBrokersMaximumPacketSizeFailsLocallyAndTheConnectionStaysUp() {
        MosquittoBroker limited = MosquittoBroker.builder().config("max_packet_size 1000").start();
        AtomicReference<Throwable> lost = new AtomicReference<>();
        String huge = "kite/v5core/" + "x".repeat(1200);
        try (limited; MqttClient c = connected(limited.uri(), "v5core-maxsize",
                o -> o.setConnectionLostHandler((client, e) -> lost.set(e)))) {
            SubscribeToken sub = c.subscribe(List.of(Subscription.of(huge, 1)), new Recorder());
            UnsubscribeToken unsub = c.unsubscribe(huge);

            assertThat(sub.isDone()).as("failed at the call").isTrue();
            assertThat(sub.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("Maximum Packet Size of 1000");
            assertThat(unsub.isDone()).isTrue();
            assertThat(unsub.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("UNSUBSCRIBE");
            Recorder rec = new Recorder();
            c.subscribe("kite/v5core/small", 1, rec).await();
            c.publish("kite/v5core/small", 1, false, "fits").await();
            rec.awaitCount(1, WAIT);
            assertThat(c.isConnected()).isTrue();
            assertThat(lost.get()).isNull();
        }
    }
}
