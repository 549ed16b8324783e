package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.testing.MosquittoBroker;
import dev.kite.mqtt.testing.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How received messages reach handlers and when they are acknowledged. */
class DeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A peer that accepts the connection and hands itself to the test. */
    private static MockBroker acceptingPeer(BlockingQueue<MockBroker.Peer> peers) {
        return new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            peers.add(p);
        });
    }

    private static Publish publish(String topic, int qos, int id, boolean dup) {
        return new Publish(topic, topic.getBytes(StandardCharsets.UTF_8), qos, false, dup, id);
    }

    @Test
    void acknowledgesOnceAfterEveryMatchingHandlerReturned() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = acceptingPeer(peers)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger wide = new AtomicInteger();
            AtomicInteger narrow = new AtomicInteger();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()))) {
                c.addRoute("a/#", (client, m) -> {
                    wide.incrementAndGet();
                    awaitLatch(release);
                });
                c.addRoute("a/b", (client, m) -> narrow.incrementAndGet());
                c.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("a/b", 1, 5, false));
                await().atMost(WAIT).until(() -> wide.get() == 1);
                assertThat(p.poll(300)).as("no PUBACK while a handler runs").isNull();
                release.countDown();
                assertThat(p.expect(Puback.class, 5).packetId()).isEqualTo(5);
                assertThat(p.poll(300)).as("acknowledged once").isNull();
                assertThat(wide.get()).isEqualTo(1);
                assertThat(narrow.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void unmatchedMessagesAreAcknowledgedAndReachTheDefaultHandler() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = acceptingPeer(peers)) {
            Recorder fallback = new Recorder();
            try (MqttClient plain = MqttClient.create(new ClientOptions().addBroker(broker.uri()))) {
                plain.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("nobody/listens", 1, 9, false));
                assertThat(p.expect(Puback.class, 5).packetId()).isEqualTo(9);
            }
            try (MqttClient withDefault = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setDefaultPublishHandler(fallback))) {
                withDefault.addRoute("routed/#", (client, m) -> { });
                withDefault.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("routed/x", 0, 0, false), publish("stray/y", 2, 3, false));
                assertThat(p.expect(Pubrec.class, 5).packetId()).isEqualTo(3);
                assertThat(fallback.awaitCount(1, WAIT)).extracting(Message::topic).containsExactly("stray/y");
            }
        }
    }

    @Test
    void handlerThatThrowsIsLoggedAndTheSubscriptionLivesOn() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = acceptingPeer(peers)) {
            AtomicInteger calls = new AtomicInteger();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()))) {
                c.addRoute("boom", (client, m) -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("handler bug");
                });
                c.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("boom", 1, 1, false));
                assertThat(p.expect(Puback.class, 5).packetId()).isEqualTo(1);
                p.send(publish("boom", 1, 2, false));
                assertThat(p.expect(Puback.class, 5).packetId()).isEqualTo(2);
                assertThat(calls.get()).isEqualTo(2);
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    @Test
    void inboundQos2IsDeliveredOncePerPacketIdUntilPubrel() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = acceptingPeer(peers)) {
            Recorder rec = new Recorder();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()))) {
                c.addRoute("q2", rec);
                c.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("q2", 2, 7, false));
                assertThat(p.expect(Pubrec.class, 5).packetId()).isEqualTo(7);
                // [MQTT-4.3.3-2] a resend before PUBREL is answered, not delivered again
                p.send(publish("q2", 2, 7, true));
                assertThat(p.expect(Pubrec.class, 5).packetId()).isEqualTo(7);
                p.send(new Pubrel(7));
                assertThat(p.expect(Pubcomp.class, 5).packetId()).isEqualTo(7);
                assertThat(rec.count()).isEqualTo(1);
                // after the release the id is free: a new message with it is new
                p.send(publish("q2", 2, 7, false));
                assertThat(p.expect(Pubrec.class, 5).packetId()).isEqualTo(7);
                assertThat(rec.awaitCount(2, WAIT)).hasSize(2);
                // PUBREL for an id never seen is still completed [MQTT-4.3.3]
                p.send(new Pubrel(99));
                assertThat(p.expect(Pubcomp.class, 5).packetId()).isEqualTo(99);
            }
        }
    }

    @Test
    void manualAckSendsTheAcknowledgementOnlyWhenAsked() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = acceptingPeer(peers)) {
            BlockingQueue<Message> held = new LinkedBlockingQueue<>();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setAutoAckDisabled(true))) {
                c.addRoute("manual", (client, m) -> held.add(m));
                c.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("manual", 1, 4, false));
                Message m = held.poll(10, TimeUnit.SECONDS);
                assertThat(p.poll(300)).isNull();
                m.ack();
                m.ack();
                assertThat(p.expect(Puback.class, 5).packetId()).isEqualTo(4);
                assertThat(p.poll(300)).isNull();
            }
        }
    }

    @Test
    void handlersRunConcurrentlyWhenOrderDoesNotMatter() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = acceptingPeer(peers)) {
            CyclicBarrier both = new CyclicBarrier(2);
            AtomicInteger met = new AtomicInteger();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setOrderMatters(false))) {
                c.addRoute("par/#", (client, m) -> {
                    try {
                        both.await(10, TimeUnit.SECONDS); // only passes if the two run at once
                        met.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                c.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                p.send(publish("par/1", 1, 1, false), publish("par/2", 1, 2, false));
                p.expect(Puback.class, 10);
                p.expect(Puback.class, 10);
                assertThat(met.get()).isEqualTo(2);
            }
        }
    }

    @Test
    void handlerPublishingAndWaitingUnderLoadDoesNotDeadlock() {
        int n = 3_000;
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Recorder replies = new Recorder();
            try (MqttClient echo = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("echo")
                         .setMessageChannelDepth(4));
                 MqttClient driver = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("driver"))) {
                echo.connect().await();
                driver.connect().await();
                driver.subscribe("load/out", 1, replies).await();
                echo.subscribe("load/in", 1, (client, m) -> {
                    PublishToken t = client.publish("load/out", 1, false, m.payload());
                    t.waitFor();
                    if (t.error() != null) {
                        throw new IllegalStateException(t.error());
                    }
                }).await();
                List<PublishToken> sent = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    sent.add(driver.publish("load/in", 1, false, Integer.toString(i)));
                }
                sent.forEach(PublishToken::await);
                replies.awaitCount(n, Duration.ofSeconds(60));
                assertThat(replies.payloads()).hasSize(n).doesNotHaveDuplicates();
            }
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
