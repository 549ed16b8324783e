package dev.kite.mqtt.internal.client;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs message handlers off the network threads: in arrival order on one thread of the client's
 * own when order matters, concurrently on the shared pool otherwise. At most {@code depth}
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
    private final ExecutorService pool;
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
    Dispatcher(boolean ordered, int depth, long maxBytes, String name, ExecutorService pool, Runnable afterBurst) {
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
        if (worker == null) {
            startWorker();
        }
        return jobs.putQuietly(job, job.bytes);
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
                worker = Threads.start("kite-dispatch-" + name, Threads.guarded(this::workLoop, this::workerDied));
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
            jobs.closeAndDrain();
        } else {
            bound.close();
        }
    }

    /** Shuts down and waits up to {@code wait} for the worker to finish its current handler. */
    void stop(Duration wait) {
        shutdown();
        Thread w;
        synchronized (startLock) {
            w = worker;
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
