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

class HandoffTest {

    @Test
    void itemsComeOutInTheOrderTheyWentIn() throws Exception {
        Handoff<Integer> h = new Handoff<>(10);
        for (int i = 0; i < 5; i++) {
            assertThat(h.put(i, true)).isTrue();
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
    void aSleepingConsumerWakesOnPut() throws Exception {
        Handoff<String> h = new Handoff<>(10);
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
        h.put("x", true);
        consumer.join(5_000);
        assertThat(got.get()).isEqualTo("x");
    }

    @Test
    void aDeferredWakeLetsTheConsumerSleepUntilWakeIsCalled() throws Exception {
        Handoff<String> h = new Handoff<>(10);
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
        h.put("x", false);
        // the consumer stays parked: nothing woke it
        assertThat(taken.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(consumer.getState()).isEqualTo(Thread.State.WAITING);
        h.wake();
        assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();
        consumer.join(5_000);
    }

    @Test
    void aProducerWaitsAtTheBoundAndWakesTheConsumerFirst() throws Exception {
        Handoff<Integer> h = new Handoff<>(2);
        h.put(1, false);
        h.put(2, false);
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
    void acquireTakesAPlaceOfTheBoundWithoutQueueingAndWaitsWhenItIsReached() throws Exception {
        Handoff<Integer> h = new Handoff<>(1);
        assertThat(h.acquire(0)).isTrue();
        assertThat(h.isEmpty()).isTrue();
        assertThat(h.held()).isEqualTo(1);
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread waiting = new Thread(() -> {
            try {
                second.set(h.acquire(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.WAITING);
        h.release(1);
        waiting.join(5_000);
        assertThat(second.get()).isTrue();
        h.close();
        assertThat(h.acquire(0)).isFalse();
        assertThat(h.held()).isEqualTo(1);
    }

    @Test
    void aSuspendedBoundLetsProducersPast() throws Exception {
        Handoff<Integer> h = new Handoff<>(1);
        h.put(1, false);
        Thread producer = blockedPut(h, 2, new AtomicReference<>());
        h.suspendBound();
        producer.join(5_000);
        assertThat(producer.isAlive()).isFalse();
        assertThat(h.held()).isEqualTo(2);
        h.resumeBound();
    }

    @Test
    void theByteBoundStopsAProducerUntilTheConsumerReleasesBytes() throws Exception {
        Handoff<Integer> h = new Handoff<>(100, 1000);
        assertThat(h.put(1, 600, false)).isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread producer = blockedPut(h, 2, 600, second);
        assertThat(h.held()).isEqualTo(1);
        h.poll();
        h.release(1, 600);
        producer.join(5_000);
        assertThat(second.get()).isTrue();
        assertThat(h.heldBytes()).isEqualTo(600);
    }

    @Test
    void anItemHeavierThanTheByteBoundGoesThroughAloneAndNeverDeadlocks() throws Exception {
        Handoff<Integer> h = new Handoff<>(100, 1000);
        assertThat(h.put(1, 5000, false)).as("nothing else held: taken at once").isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread producer = blockedPut(h, 2, 1, second);
        h.poll();
        h.release(1, 5000);
        producer.join(5_000);
        assertThat(second.get()).isTrue();
        h.poll();
        h.release(1, 1);
        assertThat(h.acquire(5000)).isTrue();
        assertThat(h.heldBytes()).isEqualTo(5000);
    }

    @Test
    void closingReleasesBlockedProducersAndReturnsWhatWasNeverTaken() throws Exception {
        Handoff<Integer> h = new Handoff<>(2);
        h.put(1, false);
        h.put(2, false);
        AtomicReference<Boolean> third = new AtomicReference<>();
        Thread producer = blockedPut(h, 3, third);
        assertThat(h.closeAndDrain()).containsExactly(1, 2);
        producer.join(5_000);
        assertThat(third.get()).isFalse();
        assertThat(h.put(4, true)).isFalse();
        assertThat(h.putNow(5)).isFalse();
        assertThat(h.await()).isFalse();
        assertThat(h.held()).isZero();
    }

    @Test
    void theConsumerStillTakesWhatWasQueuedBeforeClose() throws Exception {
        Handoff<Integer> h = new Handoff<>(10);
        h.put(1, true);
        h.close();
        assertThat(h.await()).isTrue();
        assertThat(h.poll()).isEqualTo(1);
        assertThat(h.await()).isFalse();
    }

    @Test
    void manyProducersLoseNothingAndKeepTheirOwnOrder() throws Exception {
        int producers = 4;
        int each = 20_000;
        Handoff<long[]> h = new Handoff<>(64);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        h.put(new long[] {id, i}, (i & 7) == 0);
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
    private static <T> Thread blockedPut(Handoff<T> h, T item, AtomicReference<Boolean> result) {
        return blockedPut(h, item, 0, result);
    }

    /** Starts a thread that puts {@code item} weighing {@code bytes}; returns once it waits. */
    private static <T> Thread blockedPut(Handoff<T> h, T item, long bytes, AtomicReference<Boolean> result) {
        Thread producer = new Thread(() -> {
            try {
                result.set(h.put(item, bytes, false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.getState() == Thread.State.WAITING);
        return producer;
    }
}
