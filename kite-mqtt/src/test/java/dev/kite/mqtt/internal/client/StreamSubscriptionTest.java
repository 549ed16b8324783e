package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The Reactive Streams rules of a message stream's subscription, driven without a network. */
class StreamSubscriptionTest {
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final StreamSubscription.EndListener endListener =
            (s, subscribed, unsubscribe) -> ends.add("subscribed=" + subscribed + " unsubscribe=" + unsubscribe);

    @Test
    void onSubscribeComesFirstAndNoMessageIsSignalledWithoutDemand() throws Exception {
        Recorder r = new Recorder(s -> { });
        StreamSubscription sub = started(r);
        Thread handler = handleInBackground(sub, "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.buffered() == 1);
        assertThat(handler.isAlive()).as("the delivery waits for demand").isTrue();
        assertThat(r.signals).containsExactly("onSubscribe");
        r.subscription.request(1);
        handler.join(5_000);
        assertThat(handler.isAlive()).isFalse();
        assertThat(r.signals).containsExactly("onSubscribe", "onNext a");
        assertThat(sub.buffered()).isZero();
        assertThat(sub.peakBuffered()).isEqualTo(1);
    }

    @Test
    void demandGrantedInOnSubscribeIsUsedInOrder() {
        Recorder r = new Recorder(s -> s.request(2));
        StreamSubscription sub = started(r);
        sub.handle(null, message("a"));
        sub.handle(null, message("b"));
        assertThat(r.signals).containsExactly("onSubscribe", "onNext a", "onNext b");
    }

    @Test
    void requestOfZeroOrLessEndsWithOnErrorAndUnsubscribes_rule3_9() {
        Recorder r = new Recorder(s -> { });
        StreamSubscription sub = started(r);
        assertThat(sub.markSubscribed()).isTrue();
        r.subscription.request(0);
        assertThat(r.signals).containsExactly("onSubscribe", "onError IllegalArgumentException");
        assertThat(ends).containsExactly("subscribed=true unsubscribe=true");
        r.subscription.request(-1);
        sub.handle(null, message("late"));
        assertThat(r.signals).as("one terminal signal, nothing after it").hasSize(2);
    }

    @Test
    void aBadRequestInsideOnNextIsSignalledAfterOnNextReturns() {
        AtomicInteger depth = new AtomicInteger();
        AtomicBoolean nested = new AtomicBoolean();
        Recorder r = new Recorder(s -> s.request(1)) {
            @Override
            public void onNext(Message m) {
                depth.incrementAndGet();
                super.onNext(m);
                subscription.request(-5);
                depth.decrementAndGet();
            }

            @Override
            public void onError(Throwable e) {
                nested.set(depth.get() > 0);
                super.onError(e);
            }
        };
        StreamSubscription sub = started(r);
        sub.handle(null, message("a"));
        assertThat(r.signals).containsExactly("onSubscribe", "onNext a", "onError IllegalArgumentException");
        assertThat(nested).as("signals are serial, not nested (rule 1.3)").isFalse();
    }

    @Test
    void cancelReleasesAWaitingDeliveryWithoutOnNextAndUnsubscribesOnce() throws Exception {
        Recorder r = new Recorder(s -> { });
        StreamSubscription sub = started(r);
        sub.markSubscribed();
        Thread handler = handleInBackground(sub, "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.buffered() == 1);
        r.subscription.cancel();
        handler.join(5_000);
        assertThat(handler.isAlive()).isFalse();
        r.subscription.cancel();
        r.subscription.request(1);
        sub.handle(null, message("b"));
        assertThat(r.signals).containsExactly("onSubscribe");
        assertThat(ends).containsExactly("subscribed=true unsubscribe=true");
    }

    @Test
    void aCancelBeforeTheSubscribeMeansNothingToUnsubscribe() {
        Recorder r = new Recorder(Flow.Subscription::cancel);
        StreamSubscription sub = started(r);
        assertThat(sub.isEnded()).isTrue();
        assertThat(sub.markSubscribed()).as("the caller undoes its subscribe").isFalse();
        assertThat(ends).containsExactly("subscribed=false unsubscribe=true");
    }

    @Test
    void theClientsDisconnectCompletesOnceAndReleasesAWaitingDelivery() throws Exception {
        Recorder r = new Recorder(s -> { });
        StreamSubscription sub = started(r);
        sub.markSubscribed();
        Thread handler = handleInBackground(sub, "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.buffered() == 1);
        sub.complete();
        sub.complete();
        handler.join(5_000);
        assertThat(handler.isAlive()).isFalse();
        assertThat(r.signals).containsExactly("onSubscribe", "onComplete");
        assertThat(ends).containsExactly("subscribed=true unsubscribe=false");
    }

    @Test
    void aSubscriberThatThrowsInOnNextIsCancelled_rule2_13() {
        Recorder r = new Recorder(s -> s.request(5)) {
            @Override
            public void onNext(Message m) {
                super.onNext(m);
                throw new IllegalStateException("subscriber bug");
            }
        };
        StreamSubscription sub = started(r);
        sub.markSubscribed();
        sub.handle(null, message("a"));
        sub.handle(null, message("b"));
        assertThat(r.signals).containsExactly("onSubscribe", "onNext a");
        assertThat(ends).containsExactly("subscribed=true unsubscribe=true");
    }

    @Test
    void demandPastLongMaxValueIsUnbounded_rule3_17() {
        Recorder r = new Recorder(s -> {
            s.request(Long.MAX_VALUE);
            s.request(Long.MAX_VALUE);
        });
        StreamSubscription sub = started(r);
        for (int i = 0; i < 3; i++) {
            sub.handle(null, message("m" + i));
        }
        assertThat(r.signals).containsExactly("onSubscribe", "onNext m0", "onNext m1", "onNext m2");
    }

    @Test
    void concurrentDeliveriesAreSignalledOneAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger received = new AtomicInteger();
        Flow.Subscriber<Message> subscriber = new Flow.Subscriber<>() {
            private Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(1);
            }

            @Override
            public void onNext(Message m) {
                if (inside.incrementAndGet() > 1) {
                    overlapped.set(true);
                }
                received.incrementAndGet();
                inside.decrementAndGet();
                s.request(1);
            }

            @Override
            public void onError(Throwable e) {
                overlapped.set(true);
            }

            @Override
            public void onComplete() {
            }
        };
        StreamSubscription sub = new StreamSubscription(subscriber, endListener);
        sub.start();
        int threads = 4;
        int each = 2_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            start(() -> {
                for (int i = 0; i < each; i++) {
                    sub.handle(null, message("m"));
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(received).hasValue(threads * each);
        assertThat(overlapped).isFalse();
        assertThat(sub.peakBuffered()).isLessThanOrEqualTo(threads);
    }

    private StreamSubscription started(Recorder r) {
        StreamSubscription sub = new StreamSubscription(r, endListener);
        sub.start();
        return sub;
    }

    private static Thread handleInBackground(StreamSubscription sub, String topic) {
        return start(() -> sub.handle(null, message(topic)));
    }

    private static Thread start(Runnable task) {
        Thread t = new Thread(task, "stream-test-handler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static Message message(String topic) {
        return new Message() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public byte[] payload() {
                return new byte[0];
            }

            @Override
            public int qos() {
                return 0;
            }

            @Override
            public boolean retained() {
                return false;
            }

            @Override
            public boolean duplicate() {
                return false;
            }

            @Override
            public int messageId() {
                return 0;
            }

            @Override
            public void ack() {
            }
        };
    }

    /** Records every signal in order; {@code onSubscribe} runs the given action. */
    static class Recorder implements Flow.Subscriber<Message> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        private final Consumer<Flow.Subscription> onSubscribe;
        volatile Flow.Subscription subscription;

        Recorder(Consumer<Flow.Subscription> onSubscribe) {
            this.onSubscribe = onSubscribe;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            signals.add("onSubscribe");
            onSubscribe.accept(s);
        }

        @Override
        public void onNext(Message m) {
            signals.add("onNext " + m.topic());
        }

        @Override
        public void onError(Throwable e) {
            signals.add("onError " + e.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            signals.add("onComplete");
        }
    }
}
