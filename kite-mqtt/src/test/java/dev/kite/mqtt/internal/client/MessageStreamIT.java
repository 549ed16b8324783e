package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.PublishToken;
import dev.kite.testing.MosquittoBroker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** {@code MqttClient.messages} through Mosquitto, adapted with Reactor: demand is the delivery bound. */
class MessageStreamIT {
    private static final int FLOOD = 100_000;
    private static final int DEPTH = 100;
    private static MosquittoBroker broker;

    @BeforeAll
    static void startBroker() {
        // the broker keeps the whole flood for the slow subscriber (its default drops past 100,000)
        broker = MosquittoBroker.builder().config("max_queued_messages 200000").start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aFloodToASlowSubscriberStaysWithinTheBoundAndEveryMessageArrives() throws Exception {
        AtomicLong read = new AtomicLong();
        PacketListener countPublishes = (direction, description) -> {
            if (direction == PacketListener.Direction.RECEIVED && description.startsWith("PUBLISH")) {
                read.incrementAndGet();
            }
        };
        Scheduler slow = Schedulers.newSingle("slow-subscriber");
        try (MqttClient sub = MqttClient.create(options("stream-sub").setMessageChannelDepth(DEPTH)
                     .setPacketListener(countPublishes));
             MqttClient pub = MqttClient.create(options("stream-pub"))) {
            sub.connect().await();
            pub.connect().await();
            BitSet seen = new BitSet(FLOOD);
            AtomicInteger received = new AtomicInteger();
            BaseSubscriber<Message> subscriber = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    // no demand until the whole flood has reached the broker
                }

                @Override
                protected void hookOnNext(Message m) {
                    synchronized (seen) {
                        seen.set(ByteBuffer.wrap(m.payload()).getInt());
                    }
                    received.incrementAndGet();
                }
            };
            JdkFlowAdapter.flowPublisherToFlux(sub.messages("flood/stream", 0))
                    .limitRate(16)
                    .publishOn(slow, 16)
                    .subscribe(subscriber);
            StreamSubscription stream = streamOf(sub, "flood/stream");
            subscribedInOrder(sub);

            publishFlood(pub);
            // the broker has it all; without demand the client read at most its delivery bound
            // and what one socket read holds (64 KiB of 72-byte messages)
            assertThat(received).hasValue(0);
            assertThat(read.get()).as("PUBLISHes read with no demand").isLessThan(DEPTH + 2 + 65_536 / 72 + 1);
            assertThat(stream.buffered()).isLessThanOrEqualTo(1);

            subscriber.request(Long.MAX_VALUE);
            await().atMost(Duration.ofSeconds(120)).until(() -> received.get() == FLOOD);
            assertThat(seen.cardinality()).isEqualTo(FLOOD);
            assertThat(stream.peakBuffered()).as("messages ever waiting for demand at once").isLessThanOrEqualTo(1);
        } finally {
            slow.dispose();
        }
    }

    @Test
    void cancelUnsubscribes() throws Exception {
        List<String> topicsRead = new CopyOnWriteArrayList<>();
        PacketListener listener = (direction, description) -> {
            if (direction == PacketListener.Direction.RECEIVED && description.startsWith("PUBLISH")) {
                topicsRead.add(description.substring(description.indexOf('\'') + 1, description.lastIndexOf('\'')));
            }
        };
        try (MqttClient sub = MqttClient.create(options("cancel-sub").setPacketListener(listener));
             MqttClient pub = MqttClient.create(options("cancel-pub"))) {
            sub.connect().await();
            pub.connect().await();
            List<String> got = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            JdkFlowAdapter.flowPublisherToFlux(sub.messages("cancel/me", 1))
                    .take(2)
                    .doOnComplete(done::countDown)
                    .subscribe(m -> got.add(new String(m.payload())));
            subscribedInOrder(sub);
            for (int i = 0; i < 2; i++) {
                pub.publish("cancel/me", 1, false, "m" + i).await();
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(got).containsExactly("m0", "m1");
            await().atMost(Duration.ofSeconds(5)).until(() -> !streams(sub).containsKey("cancel/me"));
            // the UNSUBSCRIBE went out before this SUBSCRIBE, so its SUBACK means the broker has it
            CountDownLatch marker = new CountDownLatch(1);
            sub.subscribe("cancel/marker", 1, (c, m) -> marker.countDown()).await();

            pub.publish("cancel/me", 1, false, "after cancel").await();
            pub.publish("cancel/marker", 1, false, "marker").await();
            assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(topicsRead).containsExactly("cancel/me", "cancel/me", "cancel/marker");
        }
    }

    @Test
    void disconnectCompletesTheStreamAndReleasesADeliveryWaitingForDemand() throws Exception {
        try (MqttClient sub = MqttClient.create(options("complete-sub"));
             MqttClient pub = MqttClient.create(options("complete-pub"))) {
            sub.connect().await();
            pub.connect().await();
            Recording r = new Recording();
            sub.messages("complete/#", 1).subscribe(r);
            subscribedInOrder(sub);
            pub.publish("complete/a", 1, false, "waits").await();
            StreamSubscription stream = streamOf(sub, "complete/#");
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.buffered() == 1);

            sub.disconnect(0);
            assertThat(r.completed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(r.nexts).hasValue(0);
            assertThat(r.error.get()).isNull();
            assertThat(stream.buffered()).isZero();
        }
    }

    @Test
    void theStreamLivesAcrossABrokerRestartWithAutoReconnect() throws Exception {
        try (MosquittoBroker own = MosquittoBroker.start();
             MqttClient sub = MqttClient.create(new ClientOptions().addBroker(own.uri()).setClientId("survive-sub")
                     .setMaxReconnectInterval(Duration.ofMillis(200)));
             MqttClient pub = MqttClient.create(new ClientOptions().addBroker(own.uri()).setClientId("survive-pub")
                     .setMaxReconnectInterval(Duration.ofMillis(200)))) {
            sub.connect().await();
            pub.connect().await();
            List<String> got = new CopyOnWriteArrayList<>();
            Recording r = new Recording() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(Message m) {
                    got.add(new String(m.payload()));
                }
            };
            sub.messages("survive/#", 1).subscribe(r);
            subscribedInOrder(sub);
            pub.publish("survive/a", 1, false, "before").await();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);

            own.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> sub.isConnected() && pub.isConnected());
            subscribedInOrder(sub);
            pub.publish("survive/a", 1, false, "after").await();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
            assertThat(got).containsExactly("before", "after");
            assertThat(r.error.get()).isNull();
            assertThat(r.completed.getCount()).as("not completed by the lost connection").isEqualTo(1);
        }
    }

    @Test
    void aSecondSubscriberOfTheSameFilterGetsOnError() throws Exception {
        try (MqttClient sub = MqttClient.create(options("twice-sub"))) {
            sub.connect().await();
            Flow.Publisher<Message> messages = sub.messages("twice/#", 0);
            Recording first = new Recording();
            Recording second = new Recording();
            messages.subscribe(first);
            messages.subscribe(second);
            assertThat(second.error.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'twice/#' already streams");
            assertThat(first.error.get()).isNull();
        }
    }

    @Test
    void subscribingWhileNotConnectedEndsWithOnError() throws Exception {
        try (MqttClient sub = MqttClient.create(options("unconnected-sub"))) {
            Recording r = new Recording();
            sub.messages("nowhere/#", 0).subscribe(r);
            await().atMost(Duration.ofSeconds(10)).until(() -> r.error.get() != null);
            assertThat(r.error.get()).hasMessageContaining("not connected");
            assertThat(streams(sub)).isEmpty();
        }
    }

    private static ClientOptions options(String id) {
        return new ClientOptions().addBroker(broker.uri()).setClientId(id + "-" + System.nanoTime() % 100_000);
    }

    /** Returns once the client's earlier SUBSCRIBEs are acknowledged: a later one's SUBACK follows theirs. */
    private static void subscribedInOrder(MqttClient c) {
        c.subscribe("stream-it/fence", 0, (client, m) -> { }).await();
    }

    private static void publishFlood(MqttClient pub) {
        PublishToken last = null;
        byte[] padding = new byte[72 - 2 - "flood/stream".length() - 2 - 4];
        for (int i = 0; i < FLOOD; i++) {
            ByteBuffer payload = ByteBuffer.allocate(4 + padding.length).putInt(i).put(padding);
            last = pub.publish("flood/stream", 1, false, payload.array());
            if (i % 1_000 == 999) {
                assertThat(last.waitFor(Duration.ofSeconds(30))).isTrue();
            }
        }
        last.await();
    }

    private static java.util.Map<String, StreamSubscription> streams(MqttClient c) {
        return ((RealMqttClient) c).delivery.streams;
    }

    private static StreamSubscription streamOf(MqttClient c, String filter) {
        await().atMost(Duration.ofSeconds(5)).until(() -> streams(c).containsKey(filter));
        return streams(c).get(filter);
    }

    /** A plain Flow subscriber that asks for nothing and records what it gets. */
    private static class Recording implements Flow.Subscriber<Message> {
        final AtomicInteger nexts = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch completed = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription s) {
        }

        @Override
        public void onNext(Message m) {
            nexts.incrementAndGet();
        }

        @Override
        public void onError(Throwable e) {
            error.set(e);
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }
}
