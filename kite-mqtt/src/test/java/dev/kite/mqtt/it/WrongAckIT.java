package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.testing.Logs;
import dev.kite.mqtt.testing.MockBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A broker that answers a publish with the wrong acknowledgement, end to end through a scripted
 * peer: no publish hangs, no packet id stays taken, nothing is resent for ever.
 */
class WrongAckIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Runs one connection: CONNACK (session present after the first), then answers PUBLISH as {@code answer} says. */
    private static MockBroker broker(AtomicInteger connections, BlockingQueue<Publish> afterReconnect,
            java.util.function.Function<Publish, Packet> answer) {
        return new MockBroker(p -> {
            int n = connections.incrementAndGet();
            p.expect(Connect.class, 10);
            p.send(new Connack(n > 1, 0));
            for (Packet in = p.read(60); in != null; in = p.read(60)) {
                if (in instanceof Publish pub) {
                    if (n > 1) {
                        afterReconnect.add(pub);
                    }
                    if (pub.qos() > 0) {
                        p.send(answer.apply(pub));
                    }
                } else if (in instanceof Pubrel rel) {
                    p.send(new Pubcomp(rel.packetId()));
                }
            }
        });
    }

    @Test
    void qos2PublishesAnsweredWithPubackCompleteFreeTheWindowAndAreNotResent() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        BlockingQueue<Publish> afterReconnect = new LinkedBlockingQueue<>();
        // RabbitMQ 3.10's MQTT plugin takes a QoS 2 PUBLISH at QoS 1 and answers PUBACK
        try (MockBroker broker = broker(connections, afterReconnect, pub -> new Puback(pub.packetId()))) {
            ClientOptions opts = new ClientOptions().addBroker(broker.uri()).setClientId("downgraded")
                    .setCleanSession(false).setMaxReconnectInterval(Duration.ofSeconds(1));
            String log = Logs.stderrOf(() -> {
                try (MqttClient c = MqttClient.create(opts)) {
                    c.connect().await();
                    MockBroker.Peer first = broker.nextPeer(5);
                    List<PublishToken> tokens = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        tokens.add(c.publish("kite/q2/" + i, 2, false, "m" + i));
                    }
                    for (PublishToken t : tokens) {
                        assertThat(t.waitFor(WAIT)).as("a QoS 2 publish answered with PUBACK completes").isTrue();
                        assertThat(t.error()).isNull();
                    }
                    PublishToken q1 = c.publish("kite/q1", 1, false, "after");
                    assertThat(q1.waitFor(WAIT)).as("the window of 20 is not full of dead flows").isTrue();
                    assertThat(c.stats().inFlight()).isZero();

                    first.close();
                    await().atMost(WAIT).until(() -> c.stats().reconnects() == 1 && c.isConnected());
                    c.publish("kite/marker", 1, false, "marker").await();
                    Publish firstResent = afterReconnect.poll(10, TimeUnit.SECONDS);
                    assertThat(firstResent).isNotNull();
                    assertThat(firstResent.topic()).as("nothing of the first connection is resent").isEqualTo("kite/marker");
                }
            });
            assertThat(Logs.warnings(log, "answered a QoS 2 PUBLISH with PUBACK"))
                    .as("one warning for the connection, not one per message").isEqualTo(1);
        }
    }

    @Test
    void pubcompBeforePubrecFailsThePublishClosesTheConnectionAndTheNextPublishWorks() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        BlockingQueue<Publish> afterReconnect = new LinkedBlockingQueue<>();
        try (MockBroker broker = broker(connections, afterReconnect, pub -> connections.get() == 1
                ? new Pubcomp(pub.packetId()) : new Pubrec(pub.packetId()))) {
            ClientOptions opts = new ClientOptions().addBroker(broker.uri()).setClientId("pubcomp-first")
                    .setCleanSession(false).setMaxReconnectInterval(Duration.ofSeconds(1));
            try (MqttClient c = MqttClient.create(opts)) {
                c.connect().await();
                PublishToken wrong = c.publish("kite/q2", 2, false, "x");
                assertThat(wrong.waitFor(WAIT)).as("never hangs").isTrue();
                assertThat(wrong.error()).isInstanceOf(MqttProtocolException.class)
                        .hasMessageContaining("PUBCOMP for packet id").hasMessageContaining("not acknowledged with PUBREC");
                await().atMost(WAIT).until(() -> c.stats().reconnects() == 1 && c.isConnected());
                PublishToken next = c.publish("kite/q2", 2, false, "y");
                assertThat(next.waitFor(WAIT)).isTrue();
                assertThat(next.error()).isNull();
                assertThat(afterReconnect).extracting(Publish::topic).as("the failed message is not resent")
                        .containsExactly("kite/q2");
                assertThat(afterReconnect.peek().payload()).isEqualTo("y".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }
}
