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
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Keepalive against a peer that stops answering, and disconnect with work in flight both ways. */
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
            // a disconnected client queues for its next connect(); close() ends it and what it queued
            PublishToken late = c.publish("kite/t", 1, false, "late");
            assertThat(late.isDone()).isFalse();
            c.close();
            assertThat(late.error()).isInstanceOf(MqttClientException.class).hasMessage("client disconnected");
            assertThatThrownBy(() -> c.publish("kite/t", 1, false, "later")).isInstanceOf(IllegalStateException.class);
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
    void disconnectCompletesTheFlowsOfMessagesReceivedBeforeItAndTakesNoMore() throws Exception {
        CountDownLatch disconnecting = new CountDownLatch(1);
        CountDownLatch scriptDone = new CountDownLatch(1);
        try (MockBroker peer = new MockBroker(p -> {
            try {
                p.expect(Connect.class, 10);
                p.send(new Connack(false, 0));
                p.send(new Publish("in/1", new byte[] {1}, 1, false, false, 1),
                        new Publish("in/2", new byte[] {2}, 2, false, false, 2));
                p.expect(Puback.class, 10);
                p.expect(Pubrec.class, 10);
                assertThat(disconnecting.await(10, TimeUnit.SECONDS)).isTrue();
                // behind the disconnect: the client must neither deliver nor acknowledge it, and
                // still answer the PUBREL that follows it
                p.send(new Publish("in/3", new byte[] {3}, 1, false, false, 3), new Pubrel(2));
                p.drain();
            } finally {
                scriptDone.countDown();
            }
        })) {
            List<String> handled = new CopyOnWriteArrayList<>();
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri())
                    .setDefaultPublishHandler((client, m) -> handled.add(m.topic())));
            c.connect().await();
            MockBroker.Peer seen = peer.nextPeer(10);
            await().atMost(WAIT).until(() -> seen.received().stream().anyMatch(p -> p instanceof Pubrec));
            Thread disconnect = new Thread(() -> c.disconnect(10_000));
            disconnect.start();
            await().atMost(WAIT).until(() -> c.state() == ConnectionState.DISCONNECTING || !disconnect.isAlive());
            disconnecting.countDown();
            disconnect.join(WAIT.toMillis());
            assertThat(disconnect.isAlive()).isFalse();
            assertThat(scriptDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the client closed").isTrue();

            assertThat(seen.received()).map(p -> Packet.Type.name(p.type()) + " " + p.packetId())
                    .containsExactly("CONNECT 0", "PUBACK 1", "PUBREC 2", "PUBCOMP 2", "DISCONNECT 0");
            assertThat(handled).containsExactly("in/1", "in/2");
            assertThat(peer.scriptErrors()).isEmpty();
        }
    }

    @Test
    void disconnectWaitsForAPubrelNoLongerThanTheQuiesce() throws Exception {
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            p.send(new Publish("in/1", new byte[] {1}, 2, false, false, 1));
            p.drain(); // never sends PUBREL
        })) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri())
                    .setDefaultPublishHandler((client, m) -> { }));
            c.connect().await();
            MockBroker.Peer seen = peer.nextPeer(10);
            await().atMost(WAIT).until(() -> seen.received().stream().anyMatch(p -> p instanceof Pubrec));
            long start = System.nanoTime();
            c.disconnect(500);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).as("waited for the PUBREL, within the quiesce").isBetween(450L, 3_000L);
            await().atMost(WAIT).until(() -> seen.received().stream().anyMatch(p -> p instanceof Disconnect));
        }
    }

    @Test
    void disconnectHalfClosesAndReadsOnUntilTheBrokerCloses() throws Exception {
        // a socket closed with unread bytes resets the connection, and the broker loses what it
        // had not read yet: our last acknowledgements and the DISCONNECT
        CountDownLatch sawEof = new CountDownLatch(1);
        CountDownLatch brokerMayClose = new CountDownLatch(1);
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            p.expect(Disconnect.class, 10);
            // sent after the DISCONNECT: the client must read it, not reset the connection
            p.send(new Publish("late", new byte[60_000], 0, false, false, 0));
            assertThat(p.read(10)).as("the client's half-close after DISCONNECT").isNull();
            sawEof.countDown();
            assertThat(brokerMayClose.await(10, TimeUnit.SECONDS)).isTrue();
            p.close();
        })) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()));
            c.connect().await();
            Thread disconnect = new Thread(() -> c.disconnect(5_000));
            disconnect.start();
            assertThat(sawEof.await(10, TimeUnit.SECONDS)).isTrue();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(disconnect::isAlive);
            brokerMayClose.countDown();
            disconnect.join(WAIT.toMillis());
            assertThat(disconnect.isAlive()).as("disconnect returned once the broker closed").isFalse();
            assertThat(peer.scriptErrors()).isEmpty();
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
