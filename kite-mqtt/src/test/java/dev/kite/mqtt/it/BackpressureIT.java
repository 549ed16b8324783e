package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.testing.MockBroker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** A slow handler under a flood slows the broker, not the heap; manual acks go out in order. */
class BackpressureIT {
    private static final int FLOOD = 1_000_000;

    @Test
    void floodAgainstABlockedHandlerKeepsTheHeapBoundedThenEverythingArrives() throws Exception {
        byte[] chunk = floodChunk(10_000);
        AtomicLong written = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        try (MockBroker broker = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            for (int i = 0; i < FLOOD / 10_000; i++) {
                p.sendRaw(chunk); // blocks once the client stops reading: TCP pushes back
                written.addAndGet(10_000);
            }
            done.countDown();
            p.drain();
        })) {
            CountDownLatch release = new CountDownLatch(1);
            LongAdder received = new LongAdder();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setMessageChannelDepth(1_000))) {
                c.addRoute("flood", (client, m) -> {
                    if (received.sum() == 0) {
                        hold(release);
                    }
                    received.increment();
                });
                System.gc();
                long baseline = usedHeap();
                c.connect().await();
                // the handler is stuck: the flood stalls at the socket buffers and the delivery queue
                await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 0);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                        .until(() -> written.get() < FLOOD);
                System.gc();
                long held = usedHeap() - baseline;
                assertThat(written.get()).isLessThan(FLOOD);
                assertThat(held).as("heap held by the stalled flood").isLessThan(64L * 1024 * 1024);
                release.countDown();
                assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
                await().atMost(Duration.ofSeconds(120)).until(() -> received.sum() == FLOOD);
            }
        }
    }

    @Test
    void manualAcksInAnyOrderAreSentInArrivalOrder() throws Exception {
        BlockingQueue<MockBroker.Peer> peers = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            peers.add(p);
        })) {
            BlockingQueue<Message> held = new LinkedBlockingQueue<>();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setAutoAckDisabled(true))) {
                c.addRoute("manual/#", (client, m) -> held.add(m));
                c.connect().await();
                MockBroker.Peer p = peers.poll(10, TimeUnit.SECONDS);
                for (int id = 1; id <= 3; id++) {
                    p.send(new Publish("manual/" + id, new byte[0], 1, false, false, id));
                }
                Message m1 = held.poll(10, TimeUnit.SECONDS);
                Message m2 = held.poll(10, TimeUnit.SECONDS);
                Message m3 = held.poll(10, TimeUnit.SECONDS);
                m3.ack();
                m2.ack();
                assertThat(p.poll(300)).as("[MQTT-4.6.0-2] no PUBACK before the first message's").isNull();
                m1.ack();
                assertThat(List.of(p.expect(Puback.class, 5).packetId(), p.expect(Puback.class, 5).packetId(),
                        p.expect(Puback.class, 5).packetId())).containsExactly(1, 2, 3);
            }
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static byte[] floodChunk(int count) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            Encoder.write(new Publish("flood", payload, 0, false, false, 0), out);
        }
        return out.toByteArray();
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
