package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.PublishToken;
import dev.kite.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which thread writes a publish: a lone message goes out on the caller's thread (no hand-over to
 * the writer), a stream of them is left to the writer, and a handler never writes itself.
 */
class DirectWriteIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The threads that wrote each sent packet of one type, in order. */
    private static final class WritingThreads implements PacketListener {
        final String type;
        final List<String> threads = new CopyOnWriteArrayList<>();

        WritingThreads(String type) {
            this.type = type;
        }

        @Override
        public void onPacket(Direction direction, String description) {
            if (direction == Direction.SENT && description.startsWith(type)) {
                threads.add(Thread.currentThread().getName());
            }
        }
    }

    private static MqttClient connect(MosquittoBroker broker, String id, PacketListener listener) {
        MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId(id)
                .setPacketListener(listener));
        assertThat(c.connect().waitFor(WAIT)).isTrue();
        return c;
    }

    @Test
    void aLoneMessageIsWrittenOnTheCallersThreadAndCompletesAtOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            WritingThreads threads = new WritingThreads("PUBLISH");
            try (MqttClient c = connect(broker, "direct-lone", threads)) {
                for (int qos = 0; qos <= 2; qos++) {
                    // let the connection be quiet for well over the idle threshold (200 µs): time passing is
                    // the condition here, not an event to wait for
                    long quietSince = System.nanoTime();
                    await().atMost(WAIT).until(() -> System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(5));
                    PublishToken t = c.publish("direct/lone", qos, false, "x".getBytes(StandardCharsets.UTF_8));
                    if (qos == 0) {
                        assertThat(t.isDone()).as("QoS 0 written before publish returned").isTrue();
                    }
                    assertThat(t.waitFor(WAIT)).isTrue();
                    assertThat(t.error()).isNull();
                }
            }
            assertThat(threads.threads).hasSize(3).allMatch(n -> n.equals(Thread.currentThread().getName()));
        }
    }

    @Test
    void theAcknowledgementOfALoneMessageIsWrittenByTheHandlerThreadWithoutWakingTheWriter() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            WritingThreads acks = new WritingThreads("PUBACK");
            List<String> handledOn = new CopyOnWriteArrayList<>();
            try (MqttClient sub = connect(broker, "direct-acker", acks);
                 MqttClient pub = connect(broker, "direct-acked", null)) {
                assertThat(sub.subscribe("direct/acked", 1, (client, m) -> handledOn.add(Thread.currentThread().getName()))
                        .waitFor(WAIT)).isTrue();
                for (int i = 0; i < 3; i++) {
                    long quietSince = System.nanoTime();
                    await().atMost(WAIT).until(() -> System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(5));
                    assertThat(pub.publish("direct/acked", 1, false, "a").waitFor(WAIT)).isTrue();
                    int acked = i + 1;
                    await().atMost(WAIT).until(() -> acks.threads.size() == acked);
                }
            }
            assertThat(handledOn).hasSize(3).allMatch(n -> n.startsWith("kite-dispatch-"));
            assertThat(acks.threads).hasSize(3).allMatch(n -> n.startsWith("kite-dispatch-"));
        }
    }

    @Test
    void aStreamOfMessagesIsLeftToTheWriterAndArrivesWholeAndInOrder() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().config("max_inflight_messages 0").start()) {
            int n = 20_000;
            List<Integer> got = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(n);
            WritingThreads threads = new WritingThreads("PUBLISH");
            try (MqttClient sub = connect(broker, "direct-sub", null);
                 MqttClient pub = connect(broker, "direct-pub", threads)) {
                assertThat(sub.subscribe("direct/stream", 1, (client, m) -> {
                    got.add(Integer.parseInt(new String(m.payload(), StandardCharsets.UTF_8)));
                    all.countDown();
                }).waitFor(WAIT)).isTrue();
                for (int i = 0; i < n; i++) {
                    pub.publish("direct/stream", i % 2, false, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                }
                assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            assertThat(got).isEqualTo(expected);
            assertThat(threads.threads).as("most of a stream is written by the writer")
                    .filteredOn(name -> name.startsWith("kite-writer-")).hasSizeGreaterThan(n / 2);
        }
    }

    @Test
    void anInterruptedCallerQueuesItsMessageInsteadOfWritingIt() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            WritingThreads threads = new WritingThreads("PUBLISH");
            CountDownLatch got = new CountDownLatch(1);
            try (MqttClient c = connect(broker, "direct-interrupted", threads)) {
                assertThat(c.subscribe("direct/interrupted", 1, (client, m) -> got.countDown()).waitFor(WAIT)).isTrue();
                long quietSince = System.nanoTime();
                await().atMost(WAIT).until(() -> System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(5));
                Thread.currentThread().interrupt();
                PublishToken t = c.publish("direct/interrupted", 1, false, new byte[] {1});
                assertThat(Thread.interrupted()).as("the caller's interrupt is left as it was").isTrue();
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isNull();
                assertThat(got.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                assertThat(c.stats().reconnects()).isZero();
            }
            assertThat(threads.threads).hasSize(1).allMatch(n -> n.startsWith("kite-writer-"));
        }
    }

    @Test
    void aHandlerThatPublishesNeverWritesOnItsOwnThread() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            WritingThreads threads = new WritingThreads("PUBLISH");
            Map<String, Boolean> handlerThreads = new ConcurrentHashMap<>();
            CountDownLatch replies = new CountDownLatch(5);
            try (MqttClient c = connect(broker, "direct-handler", threads)) {
                assertThat(c.subscribe("direct/reply", 0, (client, m) -> replies.countDown()).waitFor(WAIT)).isTrue();
                assertThat(c.subscribe("direct/ask", 1, (client, m) -> {
                    handlerThreads.put(Thread.currentThread().getName(), true);
                    // publish and wait, from the handler: must neither write here nor deadlock
                    client.publish("direct/reply", 1, false, m.payload()).waitFor(WAIT);
                }).waitFor(WAIT)).isTrue();
                for (int i = 0; i < 5; i++) {
                    c.publish("direct/ask", 1, false, new byte[] {(byte) i}).waitFor(WAIT);
                }
                assertThat(replies.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
            assertThat(handlerThreads).isNotEmpty();
            assertThat(threads.threads).noneMatch(handlerThreads::containsKey);
        }
    }
}
