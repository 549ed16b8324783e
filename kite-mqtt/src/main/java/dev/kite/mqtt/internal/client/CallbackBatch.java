package dev.kite.mqtt.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the completions of users' futures off the network threads, one hand-over per batch
 * instead of one per token: the reader opens a batch around the packets of one socket read, the
 * writer around one written batch, and every user future completed meanwhile is settled by one
 * task on the callback executor when the batch closes. Outside a batch a completion is handed
 * over on its own.
 *
 * <p>The futures of one batch are settled in order on one callback thread, so a dependent that
 * blocks delays those after it in its batch, as Paho's single callback thread does.
 *
 * <pre>{@code
 * try (CallbackBatch b = CallbackBatch.open(callbacks)) {
 *     decoder.feed(buf, 0, n, this::received);   // tokens completed here post to b
 * }                                              // one hand-over for all of them
 * }</pre>
 */
final class CallbackBatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallbackBatch.class);
    private static final ThreadLocal<CallbackBatch> OPEN = new ThreadLocal<>();
    /** What {@link #open} returns on a thread that has a batch open already: closing it does nothing. */
    private static final CallbackBatch NESTED = new CallbackBatch(null);

    private final Executor executor;
    private List<Runnable> pending;

    private CallbackBatch(Executor executor) {
        this.executor = executor;
    }

    /** Opens a batch on the calling thread that hands its completions to {@code executor}. */
    static CallbackBatch open(Executor executor) {
        if (OPEN.get() != null) {
            return NESTED;
        }
        CallbackBatch b = new CallbackBatch(executor);
        OPEN.set(b);
        return b;
    }

    /**
     * Settles a user future off the calling thread: with the calling thread's open batch when it
     * has one, on its own hand-over to the shared callback threads otherwise. {@code settle} must
     * not throw.
     */
    static void post(Runnable settle) {
        post(Threads.CALLBACKS, settle);
    }

    /** As {@link #post(Runnable)}, handing over to {@code executor} when no batch is open. */
    static void post(Executor executor, Runnable settle) {
        CallbackBatch b = OPEN.get();
        if (b == null) {
            executor.execute(settle);
            return;
        }
        if (b.pending == null) {
            b.pending = new ArrayList<>();
        }
        b.pending.add(settle);
    }

    /** Ends the batch on its thread and hands what it collected over in one task. */
    @Override
    public void close() {
        if (this == NESTED) {
            return;
        }
        OPEN.remove();
        List<Runnable> todo = pending;
        if (todo == null) {
            return;
        }
        pending = null;
        if (todo.size() == 1) {
            executor.execute(todo.get(0));
            return;
        }
        executor.execute(() -> {
            for (Runnable r : todo) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("a completion callback failed", e);
                }
            }
        });
    }
}
