package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery bound as the reader meets it, ordered and unordered. */
class DispatcherTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void orderedDeliveriesRunInArrivalOrderOnceWoken() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch allRan = new CountDownLatch(5);
        Dispatcher d = new Dispatcher(true, 10, Long.MAX_VALUE, "test", pool, () -> { });
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(d.deliver(job(0, () -> {
                ran.add(n);
                allRan.countDown();
            }))).isTrue();
        }
        d.wake();
        assertThat(allRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly(0, 1, 2, 3, 4);
        d.stop(Duration.ofSeconds(5));
    }

    @Test
    void unorderedDeliveryBlocksTheReaderAtTheBoundUntilAHandlerReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Dispatcher d = new Dispatcher(false, 1, Long.MAX_VALUE, "test", pool, () -> { });
        assertThat(d.deliver(job(0, () -> awaitQuietly(release)))).isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread reader = blockedDeliver(d, second);
        release.countDown();
        reader.join(5_000);
        assertThat(second.get()).isTrue();
    }

    @Test
    void shutdownReleasesAReaderBlockedAtTheUnorderedBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Dispatcher d = new Dispatcher(false, 1, Long.MAX_VALUE, "test", pool, () -> { });
        d.deliver(job(0, () -> awaitQuietly(release)));
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread reader = blockedDeliver(d, second);
        d.shutdown();
        reader.join(5_000);
        assertThat(second.get()).as("the delivery is refused, not run").isFalse();
        release.countDown();
    }

    @Test
    void aSuspendedBoundLetsTheReaderPastInBothModes() throws Exception {
        for (boolean ordered : new boolean[] {true, false}) {
            CountDownLatch release = new CountDownLatch(1);
            Dispatcher d = new Dispatcher(ordered, 1, Long.MAX_VALUE, "test", pool, () -> { });
            d.deliver(job(0, () -> awaitQuietly(release)));
            d.wake();
            AtomicReference<Boolean> second = new AtomicReference<>();
            Thread reader = blockedDeliver(d, second);
            d.suspendBound();
            reader.join(5_000);
            assertThat(second.get()).as("ordered: %s", ordered).isTrue();
            d.resumeBound();
            release.countDown();
            d.stop(Duration.ofSeconds(5));
        }
    }

    /** Ordered handlers on an executor of the application's: one burst task at a time. */
    private Dispatcher onExecutor(int depth) {
        return new Dispatcher(true, depth, Long.MAX_VALUE, "test", pool, null, () -> { });
    }

    @Test
    void orderedDeliveriesOnAnExecutorRunInOrderOneAtATime() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch allRan = new CountDownLatch(200);
        Dispatcher d = onExecutor(1000);
        for (int i = 0; i < 200; i++) {
            int n = i;
            assertThat(d.deliver(job(0, () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                ran.add(n);
                running.decrementAndGet();
                allRan.countDown();
            }))).isTrue();
        }
        assertThat(allRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(200).isSorted();
        assertThat(mostAtOnce.get()).isEqualTo(1);
        d.stop(Duration.ofSeconds(5));
    }

    @Test
    void orderedDeliveryOnAnExecutorBlocksTheReaderAtTheBoundUntilAHandlerReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Dispatcher d = onExecutor(1);
        assertThat(d.deliver(job(0, () -> awaitQuietly(release)))).isTrue();
        AtomicReference<Boolean> second = new AtomicReference<>();
        Thread reader = blockedDeliver(d, second);
        assertThat(second.get()).as("still blocked at the bound").isNull();
        release.countDown();
        reader.join(5_000);
        assertThat(second.get()).isTrue();
        d.stop(Duration.ofSeconds(5));
    }

    @Test
    void aStoppedDispatcherReopensAndDeliversAgain() throws Exception {
        for (Dispatcher d : List.of(new Dispatcher(true, 4, 100, "test", pool, () -> { }), onExecutor(4),
                new Dispatcher(false, 4, 100, "test", pool, () -> { }))) {
            d.stop(Duration.ofSeconds(5));
            assertThat(d.deliver(job(10, () -> { }))).as("refused while stopped").isFalse();
            d.reopen();
            CountDownLatch ran = new CountDownLatch(1);
            assertThat(d.deliver(job(10, ran::countDown))).isTrue();
            d.wake();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            d.stop(Duration.ofSeconds(5));
        }
    }

    private static Dispatcher.Job job(long bytes, Runnable body) {
        return new Dispatcher.Job(bytes) {
            @Override
            public void run() {
                body.run();
            }
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a reader that delivers into a full dispatcher; returns once it waits. */
    private static Thread blockedDeliver(Dispatcher d, AtomicReference<Boolean> result) {
        Thread reader = new Thread(() -> {
            try {
                result.set(d.deliver(job(0, () -> { })));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.getState() == Thread.State.WAITING);
        return reader;
    }
}
