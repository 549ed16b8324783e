package dev.kite.mqtt.internal.client;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs message handlers off the network threads: in arrival order on one thread of the client's
 * own when order matters (or, given an executor of the application's, as one task at a time on
 * it), concurrently on the pool otherwise. At most {@code depth}
 * deliveries, and about {@code maxBytes} of them, wait or run; past that {@link #deliver} blocks
 * the reader, so a slow handler slows the broker through TCP instead of filling the heap. A
 * delivery larger than {@code maxBytes} runs alone.
 *
 * <p>The reader hands over the messages of one socket read and then {@link #wake wakes} the
 * handler thread once, not once per message.
 *
 * <p>One exception keeps a handler that waits for its own client from deadlocking: while a
 * handler blocks on a token of this client, the reader may go past the bound, since the packet
 * that completes the token may be behind the messages it would otherwise wait for.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BURST_JOBS = 32;
    private static final long BURST_NANOS = 100_000;

    private final boolean ordered;
    private final String name;
    private final Executor pool;
    /** Starts the ordered handler thread; null: ordered bursts run as tasks on {@link #pool}, one at a time. */
    private final Function<Runnable, Thread> starter;
    /** Serial mode: a burst task is queued or running on the pool. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Serial mode: the thread running a burst task, or null; guarded by startLock. */
    private Thread draining;
    /** The handler thread's queue when order matters, else null. */
    private final BoundedQueue<Job> jobs;
    /**
     * The delivery bound: the queue's when order matters, else places taken before a delivery
     * goes to the pool. {@link HandlerWait} suspends it while a handler waits for its client.
     */
    private final Permits bound;
    private final Runnable afterBurst;
    private final Object startLock = new Object();
    private volatile Thread worker;

    /**
     * @param afterBurst run on the handler thread after a burst of ordered deliveries: when none
     *     is left, or after 32 of them or 100 µs
     */
    Dispatcher(boolean ordered, int depth, long maxBytes, String name, Executor pool, Runnable afterBurst) {
        this(ordered, depth, maxBytes, name, pool, task -> Threads.start("kite-dispatch-" + name, task), afterBurst);
    }

    /**
     * @param starter starts the ordered handler thread; null to run ordered handlers as tasks on
     *     {@code pool}, one burst at a time (an executor of the application's)
     */
    Dispatcher(boolean ordered, int depth, long maxBytes, String name, Executor pool,
               Function<Runnable, Thread> starter, Runnable afterBurst) {
        this.starter = starter;
        this.ordered = ordered;
        this.afterBurst = afterBurst;
        this.name = name;
        this.pool = pool;
        this.jobs = ordered ? new BoundedQueue<>(depth, maxBytes) : null;
        this.bound = ordered ? jobs.bound() : new Permits(depth, maxBytes);
    }

    /** A delivery: what to run, and the bytes it holds of the byte bound until it has run. */
    abstract static class Job implements Runnable {
        final long bytes;

        Job(long bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * Hands a delivery over, waiting while {@code depth} deliveries or {@code maxBytes} are
     * pending. The handler thread is woken at the next {@link #wake}.
     *
     * @return false if the dispatcher is stopped (the job will not run)
     */
    boolean deliver(Job job) throws InterruptedException {
        if (!ordered) {
            if (!bound.acquire(job.bytes)) {
                return false;
            }
            pool.execute(() -> run(job));
            return true;
        }
        if (starter == null) {
            if (!jobs.putQuietly(job, job.bytes)) {
                return false;
            }
            // one burst task at a time on the pool keeps the order; a full queue always has one coming
            scheduleBurst();
            return true;
        }
        if (worker == null) {
            startWorker();
        }
        return jobs.putQuietly(job, job.bytes);
    }

    private void scheduleBurst() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(this::burstTask);
        } catch (RuntimeException e) {
            scheduled.set(false);
            log.error("{}: the executor refused the handlers' task; delivery waits for the next message", name, e);
        }
    }

    /** Serial mode: runs the queued deliveries, then hands over to a new task if more came meanwhile. */
    private void burstTask() {
        synchronized (startLock) {
            draining = Thread.currentThread();
        }
        try {
            runBurst();
        } finally {
            synchronized (startLock) {
                draining = null;
                startLock.notifyAll();
            }
            scheduled.set(false);
            if (!jobs.isEmpty() && !jobs.isClosed()) {
                scheduleBurst();
            }
        }
    }

    /** Wakes the handler thread for the deliveries handed over since the last call. */
    void wake() {
        if (jobs != null) {
            jobs.wake();
        }
    }

    private void startWorker() {
        synchronized (startLock) {
            if (worker == null && !jobs.isClosed()) {
                worker = starter.apply(Threads.guarded(this::workLoop, this::workerDied));
            }
        }
    }

    private void workLoop() {
        try {
            while (jobs.await()) {
                runBurst();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (startLock) {
            if (worker == Thread.currentThread()) {
                worker = null;
            }
            if (!jobs.isClosed() && !jobs.isEmpty()) {
                // reopened while this thread was leaving: a new one takes what came
                startWorker();
            }
        }
    }

    /**
     * Called when something other than a handler (whose errors {@link #run} catches) ended the
     * handler thread: a new one takes over the queue, so delivery and the reader waiting on the
     * bound never stall for good.
     */
    private void workerDied(Throwable cause) {
        log.error("{}: the handler thread failed; a new one takes over", name, cause);
        synchronized (startLock) {
            worker = null;
        }
        startWorker();
    }

    /**
     * Runs queued deliveries in order until none is left, ending a burst ({@link #afterBurst})
     * when none is left, or after 32 of them or 100 µs.
     */
    private void runBurst() {
        long burstStarted = System.nanoTime();
        int inBurst = 0;
        Job job;
        while ((job = jobs.poll()) != null) {
            run(job);
            if (++inBurst == BURST_JOBS || System.nanoTime() - burstStarted > BURST_NANOS) {
                afterBurst.run();
                burstStarted = System.nanoTime();
                inBurst = 0;
            }
        }
        afterBurst.run();
    }

    private void run(Job job) {
        HandlerWait.enter(this);
        try {
            job.run();
        } catch (Throwable e) {
            log.error("message delivery failed", e);
        } finally {
            HandlerWait.exit();
            bound.release(1, job.bytes);
        }
    }

    /** Lets the reader go past the bound while a handler of this dispatcher blocks; calls nest. */
    void suspendBound() {
        bound.suspend();
    }

    /** Ends one {@link #suspendBound}. */
    void resumeBound() {
        bound.resume();
    }

    /** Returns how many deliveries were handed over and have not finished: waiting or running. */
    int pending() {
        return bound.held();
    }

    /** Returns whether the calling thread runs this dispatcher's handlers. */
    boolean isDispatchThread() {
        return HandlerWait.runsHandlersOf(this);
    }

    /** Stops taking deliveries; those not yet started are dropped, a blocked reader is released. */
    void shutdown() {
        if (jobs != null) {
            // the dropped deliveries give back their bytes too, so that a reopened queue starts empty
            for (Job dropped : jobs.closeAndDrain()) {
                bound.release(0, dropped.bytes);
            }
        } else {
            bound.close();
        }
    }

    /** Takes deliveries again after {@link #shutdown}: the client connects again after {@code disconnect()}. */
    void reopen() {
        synchronized (startLock) {
            if (jobs != null) {
                jobs.reopen();
            } else {
                bound.reopen();
            }
            if (worker != null && !worker.isAlive()) {
                worker = null;
            }
        }
    }

    /** Shuts down and waits up to {@code wait} for the worker to finish its current handler. */
    void stop(Duration wait) {
        shutdown();
        Thread w;
        synchronized (startLock) {
            w = worker;
            if (starter == null) {
                awaitBurstTask(wait);
            }
        }
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Serial mode: waits up to {@code wait} for the running burst task, unless it is the caller's. */
    private void awaitBurstTask(Duration wait) {
        assert Thread.holdsLock(startLock);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (draining != null && draining != Thread.currentThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                startLock.wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
