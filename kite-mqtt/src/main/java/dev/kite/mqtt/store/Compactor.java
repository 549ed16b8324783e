package dev.kite.mqtt.store;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * When and where a {@link FileStore} compacts: on one background thread ({@code
 * kite-store-compactor}, started on first use), one compaction at a time, once the log holds at
 * least {@code threshold} bytes of which at least half are dead. After a failed compaction the
 * next try waits for another {@code threshold} bytes of log, so that a full disk does not turn
 * every append into an attempt. All methods but {@link #await()} and {@link #shutdown()} are
 * called holding the store's write lock, which is also the lock given here.
 */
final class Compactor {
    private final long threshold;
    private final ReentrantLock storeLock;
    private final BooleanSupplier compaction;
    private final Runnable afterwards;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kite-store-compactor");
        t.setDaemon(true);
        return t;
    });
    private Future<?> latest;
    private boolean running;
    private boolean failed;
    private long retryAt;

    /**
     * @param compaction compacts, returns whether it succeeded; runs without the store lock
     * @param afterwards runs under the store lock after each compaction: checks whether another is due
     */
    Compactor(long threshold, ReentrantLock storeLock, BooleanSupplier compaction, Runnable afterwards) {
        this.threshold = threshold;
        this.storeLock = storeLock;
        this.compaction = compaction;
        this.afterwards = afterwards;
    }

    /** Whether a log of {@code total} bytes, {@code live} of them live, should be compacted. */
    boolean due(long total, long live) {
        if (failed) {
            failed = false;
            retryAt = total + threshold;
        }
        return !running && total >= Math.max(threshold, retryAt) && 2 * (total - live) >= total;
    }

    /** Starts a compaction unless one is running or the compactor is shut down. */
    void start() {
        if (!running && !executor.isShutdown()) {
            running = true;
            latest = executor.submit(this::run);
        }
    }

    /** Queues a compaction after any running one, whatever the log's size. For tests. */
    void startAfterCurrent() {
        running = true;
        latest = executor.submit(this::run);
    }

    private void run() {
        boolean done = false;
        try {
            done = compaction.getAsBoolean();
        } finally {
            storeLock.lock();
            try {
                running = false;
                failed = !done;
                if (done) {
                    retryAt = 0;
                }
                afterwards.run();
            } finally {
                storeLock.unlock();
            }
        }
    }

    /** Waits until no compaction runs or is queued. Call without the store lock. */
    void await() {
        while (true) {
            Future<?> f;
            storeLock.lock();
            try {
                f = latest;
            } finally {
                storeLock.unlock();
            }
            if (f == null) {
                return;
            }
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("compaction failed", e.getCause());
            }
            storeLock.lock();
            try {
                if (latest == f) {
                    return;
                }
            } finally {
                storeLock.unlock();
            }
        }
    }

    /** Lets a running compaction finish, starts no other, and stops the thread. Call without the store lock. */
    void shutdown() {
        storeLock.lock();
        try {
            executor.shutdown();
        } finally {
            storeLock.unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
