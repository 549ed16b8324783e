package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BoundedQueueTest {

    @Test
    void itemsComeOutInTheOrderTheyWentIn() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(10);
        for (int i = 0; i < 5; i++) {
            assertThat(h.putQuietly(i, 0)).isTrue();
        }
        List<Integer> out = new ArrayList<>();
        assertThat(h.await()).isTrue();
        assertThat(h.drainTo(out)).isEqualTo(5);
        assertThat(out).containsExactly(0, 1, 2, 3, 4);
        assertThat(h.held()).isEqualTo(5);
        h.release(5);
        assertThat(h.held()).isZero();
    }

    @Test
    void aSleepingConsumerWakesOnPutNow() throws Exception {
        BoundedQueue<String> h = new BoundedQueue<>(10);
        AtomicReference<String> got = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                if (h.await()) {
                    got.set(h.poll());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.getState() == Thread.State.WAITING);
        assertThat(h.putNow("x")).isTrue();
        consumer.join(5_000);
        assertThat(got.get()).isEqualTo("x");
    }

    @Test
    void aDeferredWakeLetsTheConsumerSleepUntilWakeIsCalled() throws Exception {
        BoundedQueue<String> h = new BoundedQueue<>(10);
        CountDownLatch taken = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                if (h.await()) {
                    h.poll();
                    taken.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.getState() == Thread.State.WAITING);
        h.putQuietly("x", 0);
        // the consumer stays parked: nothing woke it
        assertThat(taken.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(consumer.getState()).isEqualTo(Thread.State.WAITING);
        h.wake();
        assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();
        consumer.join(5_000);
    }

    @Test
    void aProducerWaitsAtTheBoundAndWakesTheConsumerFirst() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(2);
        h.putQuietly(1, 0);
        h.putQuietly(2, 0);
        AtomicReference<Boolean> third = new AtomicReference<>();
        Thread producer = blockedPut(h, 3, third);
        assertThat(third.get()).isNull();
        // a consumer that only ever sleeps until woken gets the items: the blocked producer woke it
        List<Integer> out = new ArrayList<>();
        assertThat(h.await()).isTrue();
        h.drainTo(out);
        h.release(out.size());
        producer.join(5_000);
        assertThat(third.get()).isTrue();
        assertThat(h.held()).isEqualTo(1);
    }

    @Test
    void aSuspendedBoundLetsProducersPast() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(1);
        h.putQuietly(1, 0);
        Thread producer = blockedPut(h, 2, new AtomicReference<>());
        h.bound().suspend();
        producer.join(5_000);
        assertThat(producer.isAlive()).isFalse();
        assertThat(h.held()).isEqualTo(2);
        h.bound().resume();
    }

    @Test
    void theByteBoundStopsAProducerUntilTheConsumerReleasesBytes() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(100, 1000);
        assertThat(h.putQuietly(1, 600)).isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread producer = blockedPut(h, 2, 600, second);
        assertThat(h.held()).isEqualTo(1);
        h.poll();
        h.release(1, 600);
        producer.join(5_000);
        assertThat(second.get()).isTrue();
        assertThat(h.bound().heldBytes()).isEqualTo(600);
    }

    @Test
    void anItemHeavierThanTheByteBoundGoesThroughAloneAndNeverDeadlocks() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(100, 1000);
        assertThat(h.putQuietly(1, 5000)).as("nothing else held: taken at once").isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread producer = blockedPut(h, 2, 1, second);
        h.poll();
        h.release(1, 5000);
        producer.join(5_000);
        assertThat(second.get()).isTrue();
        h.poll();
        h.release(1, 1);
        assertThat(h.putQuietly(3, 5000)).isTrue();
        assertThat(h.bound().heldBytes()).isEqualTo(5000);
    }

    @Test
    void closingReleasesBlockedProducersAndReturnsWhatWasNeverTaken() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(2);
        h.putQuietly(1, 0);
        h.putQuietly(2, 0);
        AtomicReference<Boolean> third = new AtomicReference<>();
        Thread producer = blockedPut(h, 3, third);
        assertThat(h.closeAndDrain()).containsExactly(1, 2);
        producer.join(5_000);
        assertThat(third.get()).isFalse();
        assertThat(h.putQuietly(4, 0)).isFalse();
        assertThat(h.putNow(5)).isFalse();
        assertThat(h.await()).isFalse();
        assertThat(h.held()).isZero();
    }

    @Test
    void putNowGoesPastTheBoundAndWakesTheConsumer() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(1);
        h.putQuietly(1, 0);
        AtomicReference<Integer> got = new AtomicReference<>();
        CountDownLatch woken = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                h.poll();
                if (h.await()) {
                    got.set(h.poll());
                    woken.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.getState() == Thread.State.WAITING);
        assertThat(h.putNow(2)).as("a timer never waits, even at the bound").isTrue();
        assertThat(woken.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(got.get()).isEqualTo(2);
        assertThat(h.held()).isEqualTo(2);
        consumer.join(5_000);
    }

    @Test
    void closingWakesASleepingConsumerWithNothingToTake() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(10);
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                result.set(h.await());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.getState() == Thread.State.WAITING);
        h.close();
        consumer.join(5_000);
        assertThat(result.get()).isFalse();
    }

    @Test
    void theConsumerStillTakesWhatWasQueuedBeforeClose() throws Exception {
        BoundedQueue<Integer> h = new BoundedQueue<>(10);
        h.putQuietly(1, 0);
        h.close();
        assertThat(h.await()).isTrue();
        assertThat(h.poll()).isEqualTo(1);
        assertThat(h.await()).isFalse();
    }

    @Test
    void manyProducersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        int producers = 4;
        int each = 20_000;
        BoundedQueue<long[]> h = new BoundedQueue<>(64);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        h.putQuietly(new long[] {id, i}, 0);
                        if ((i & 7) == 0) {
                            h.wake();
                        }
                    }
                    h.wake();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
        }
        int[] next = new int[producers];
        int total = 0;
        List<long[]> batch = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (total < producers * each && System.nanoTime() < deadline) {
            assertThat(h.await()).isTrue();
            h.drainTo(batch);
            for (long[] item : batch) {
                assertThat(item[1]).isEqualTo(next[(int) item[0]]);
                next[(int) item[0]]++;
            }
            total += batch.size();
            h.release(batch.size());
            batch.clear();
        }
        for (Thread t : threads) {
            t.join(5_000);
        }
        assertThat(total).isEqualTo(producers * each);
        assertThat(h.held()).isZero();
    }

    /** Starts a thread that puts {@code item} into a full hand-over; returns once it waits. */
    private static <T> Thread blockedPut(BoundedQueue<T> h, T item, AtomicReference<Boolean> result) {
        return blockedPut(h, item, 0, result);
    }

    /** Starts a thread that puts {@code item} weighing {@code bytes}; returns once it waits. */
    private static <T> Thread blockedPut(BoundedQueue<T> h, T item, long bytes, AtomicReference<Boolean> result) {
        Thread producer = new Thread(() -> {
            try {
                result.set(h.putQuietly(item, bytes));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.getState() == Thread.State.WAITING);
        return producer;
    }
}
