package dev.kite.mqtt.internal.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs message handlers off the network threads: in arrival order on one thread of the client's
 * own when order matters, concurrently on the shared pool otherwise. At most {@code depth}
 * deliveries wait or run; past that {@link #deliver} blocks the reader, so a slow handler slows
 * the broker through TCP instead of filling the heap.
 *
 * <p>One exception keeps a handler that waits for its own client from deadlocking: while a
 * handler blocks on a token of this client, the reader may go past the bound, since the packet
 * that completes the token may be behind the messages it would otherwise wait for.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final ThreadLocal<Dispatcher> CURRENT = new ThreadLocal<>();

    private final boolean ordered;
    private final int depth;
    private final String name;
    private final ExecutorService pool;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Runnable> jobs = new ArrayDeque<>();
    private int pending;
    private int blockedOnClient;
    private boolean stopped;
    private Thread worker;

    Dispatcher(boolean ordered, int depth, String name, ExecutorService pool) {
        this.ordered = ordered;
        this.depth = depth;
        this.name = name;
        this.pool = pool;
    }

    /**
     * Hands a delivery over, waiting while {@code depth} deliveries are pending.
     *
     * @return false if the dispatcher is stopped (the job will not run)
     */
    boolean deliver(Runnable job) throws InterruptedException {
        lock.lock();
        try {
            while (!stopped && pending >= depth && blockedOnClient == 0) {
                changed.await();
            }
            if (stopped) {
                return false;
            }
            pending++;
            if (ordered) {
                jobs.add(job);
                if (worker == null) {
                    worker = Threads.start("kite-dispatch-" + name, this::workLoop);
                }
                changed.signalAll();
                return true;
            }
        } finally {
            lock.unlock();
        }
        pool.execute(() -> run(job));
        return true;
    }

    private void workLoop() {
        while (true) {
            Runnable job;
            lock.lock();
            try {
                while (jobs.isEmpty() && !stopped) {
                    changed.awaitUninterruptibly();
                }
                if (stopped) {
                    return;
                }
                job = jobs.poll();
            } finally {
                lock.unlock();
            }
            run(job);
        }
    }

    private void run(Runnable job) {
        CURRENT.set(this);
        try {
            job.run();
        } catch (RuntimeException | Error e) {
            log.error("message delivery failed", e);
        } finally {
            CURRENT.remove();
            lock.lock();
            try {
                pending--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Notes that the current thread is about to wait for this client; returns what to run when
     * the wait ends. Does nothing on threads that are not this dispatcher's.
     */
    Runnable blockingOnClient() {
        if (CURRENT.get() != this) {
            return () -> { };
        }
        lock.lock();
        try {
            blockedOnClient++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                blockedOnClient--;
            } finally {
                lock.unlock();
            }
        };
    }

    /** Returns whether the calling thread runs this dispatcher's handlers. */
    boolean isDispatchThread() {
        return CURRENT.get() == this;
    }

    /** Stops taking deliveries; those not yet started are dropped, a blocked reader is released. */
    void shutdown() {
        lock.lock();
        try {
            stopped = true;
            pending -= jobs.size();
            jobs.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Shuts down and waits up to {@code wait} for the worker to finish its current handler. */
    void stop(Duration wait) {
        shutdown();
        Thread w;
        lock.lock();
        try {
            w = worker;
        } finally {
            lock.unlock();
        }
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
