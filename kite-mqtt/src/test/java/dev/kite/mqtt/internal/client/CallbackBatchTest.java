package dev.kite.mqtt.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kite.mqtt.MqttConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallbackBatchTest {
    /** An executor that keeps its tasks until the test runs them. */
    private static final class Recording implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
        }
    }

    @Test
    void theCompletionsOfOneBatchAreHandedOverInOneTaskInOrder() {
        Recording executor = new Recording();
        List<Integer> ran = new ArrayList<>();
        try (CallbackBatch b = CallbackBatch.open(executor)) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                CallbackBatch.post(() -> ran.add(n));
            }
            assertTrue(executor.tasks.isEmpty(), "nothing is handed over before the batch closes");
        }
        assertEquals(1, executor.tasks.size());
        assertTrue(ran.isEmpty(), "nothing ran on the posting thread");
        executor.runAll();
        assertEquals(100, ran.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, ran.get(i));
        }
    }

    @Test
    void aBatchWithNothingPostedHandsNothingOver() {
        Recording executor = new Recording();
        try (CallbackBatch b = CallbackBatch.open(executor)) {
            assertSame(b, b);
        }
        assertTrue(executor.tasks.isEmpty());
    }

    @Test
    void aNestedOpenJoinsTheOuterBatch() {
        Recording executor = new Recording();
        List<String> ran = new ArrayList<>();
        try (CallbackBatch outer = CallbackBatch.open(executor)) {
            try (CallbackBatch inner = CallbackBatch.open(executor)) {
                assertNotSame(outer, inner);
                CallbackBatch.post(() -> ran.add("inner"));
            }
            assertTrue(executor.tasks.isEmpty(), "closing the nested batch hands nothing over");
            CallbackBatch.post(() -> ran.add("outer"));
        }
        assertEquals(1, executor.tasks.size());
        executor.runAll();
        assertEquals(List.of("inner", "outer"), ran);
    }

    @Test
    void aFailingCompletionDoesNotStopTheOthersOfItsBatch() {
        Recording executor = new Recording();
        List<Integer> ran = new ArrayList<>();
        try (CallbackBatch b = CallbackBatch.open(executor)) {
            CallbackBatch.post(() -> ran.add(1));
            CallbackBatch.post(() -> {
                throw new IllegalStateException("a user callback failed");
            });
            CallbackBatch.post(() -> ran.add(3));
        }
        executor.runAll();
        assertEquals(List.of(1, 3), ran);
    }

    @Test
    void tokensCompletedInABatchReachUserFuturesOffTheCompletingThreadInOneHandOver() throws Exception {
        List<Tokens.Publish> tokens = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            Tokens.Publish t = new Tokens.Publish();
            tokens.add(t);
            CompletableFuture<Void> f = t.toCompletableFuture();
            futures.add(f);
            f.whenComplete((v, e) -> {
                callbackThreads.add(Thread.currentThread());
                all.countDown();
            });
        }
        Recording executor = new Recording();
        try (CallbackBatch b = CallbackBatch.open(executor)) {
            for (int i = 0; i < 50; i++) {
                if (i == 7) {
                    tokens.get(i).fail(new MqttConnectionException("lost"));
                } else {
                    tokens.get(i).complete(null);
                }
            }
            assertTrue(tokens.get(0).isDone(), "the token itself completes at once (waitFor wakes)");
            assertFalse(futures.get(0).isDone(), "the user future waits for the hand-over");
        }
        assertEquals(1, executor.tasks.size());
        Thread callbackThread = new Thread(executor::runAll, "test-callback");
        callbackThread.start();
        assertTrue(all.await(10, TimeUnit.SECONDS));
        assertTrue(callbackThreads.stream().allMatch(t -> t == callbackThread));
        assertTrue(futures.get(7).isCompletedExceptionally());
        assertTrue(futures.get(8).isDone() && !futures.get(8).isCompletedExceptionally());
    }

    @Test
    void theUserFutureOfADoneTokenIsDoneAtOnce() {
        Tokens.Publish t = new Tokens.Publish();
        t.complete(null);
        CompletableFuture<Void> f = t.toCompletableFuture();
        assertTrue(f.isDone());
        Thread[] ranOn = new Thread[1];
        f.whenComplete((v, e) -> ranOn[0] = Thread.currentThread());
        assertSame(Thread.currentThread(), ranOn[0], "a dependent of a done future runs on the caller's thread");
    }
}
