package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Keepalive against a peer that stops answering, and disconnect with work in flight. */
class KeepAliveAndDisconnectIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void mosquittoAnswersPingsAndTheConnectionStays() {
        try (MosquittoBroker broker = MosquittoBroker.start();
             MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("pinger")
                     .setKeepAlive(Duration.ofSeconds(1)).setPingTimeout(Duration.ofSeconds(1)))) {
            c.connect().await();
            // idle for three keepalive periods: pings go out and come back
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(c::isConnected);
            assertThat(c.stats().packetsSent()).isGreaterThanOrEqualTo(2); // PINGREQs: one per keepalive when idle
            assertThat(c.stats().packetsReceived()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void silentPeerIsDetectedWithinKeepaliveAndPingTimeout() throws Exception {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            p.drain(); // reads PINGREQ, never answers
        })) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri())
                    .setKeepAlive(Duration.ofSeconds(1)).setPingTimeout(Duration.ofSeconds(1))
                    .setAutoReconnect(false)
                    .setConnectionLostHandler((client, cause) -> lost.complete(cause)))) {
                long start = System.nanoTime();
                c.connect().await();
                Throwable cause = lost.get(10, TimeUnit.SECONDS);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(cause).isInstanceOf(MqttConnectionException.class).hasMessageContaining("no PINGRESP");
                // keepalive 1 s + ping timeout 1 s, plus the check period and a margin
                assertThat(tookMs).isBetween(1_500L, 4_000L);
                assertThat(c.isConnected()).isFalse();
                assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
            }
            assertThat(peer.nextPeer(1).received()).anyMatch(p -> p instanceof Pingreq);
        }
    }

    @Test
    void disconnectFailsUnacknowledgedPublishesAndSendsDisconnect() throws Exception {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            p.drain(); // never acknowledges
        })) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()));
            c.connect().await();
            List<PublishToken> tokens = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                tokens.add(c.publish("kite/t", 1, false, "m" + i));
            }
            MockBroker.Peer seen = peer.nextPeer(1);
            await().atMost(WAIT).until(() -> seen.received().stream().filter(p -> p instanceof Publish).count() == 20);
            long start = System.nanoTime();
            c.disconnect(200);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).isLessThan(3_000);
            assertThat(tokens).allSatisfy(t -> {
                assertThat(t.isDone()).isTrue();
                assertThat(t.error()).isInstanceOf(MqttClientException.class).hasMessage("client disconnected");
            });
            await().atMost(WAIT).until(() -> seen.received().stream().anyMatch(p -> p instanceof Disconnect));
            List<Packet> all = new ArrayList<>(seen.received());
            assertThat(all.get(all.size() - 1)).isInstanceOf(Disconnect.class);
            assertThat(c.state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThatThrownBy(() -> c.publish("kite/t", 1, false, "late")).isInstanceOf(IllegalStateException.class);
            c.close(); // idempotent
        }
    }

    @Test
    void disconnectWaitsForInFlightWorkWithinQuiesce() {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("quiesce"));
            c.connect().await();
            List<PublishToken> tokens = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                tokens.add(c.publish("kite/quiesce", i % 2 + 1, false, "m" + i));
            }
            c.disconnect(10_000);
            assertThat(tokens).allSatisfy(t -> assertThat(t.error()).isNull());
        }
    }

    @Test
    void disconnectWhileConnectingStopsTheAttempt() {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.drain(); // never sends CONNACK
        })) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()));
            var token = c.connect();
            await().atMost(WAIT).until(() -> peer.connections() == 1);
            c.disconnect(0);
            assertThat(token.isDone()).isTrue();
            assertThat(token.error()).hasMessageContaining("disconnect");
        }
    }
}
