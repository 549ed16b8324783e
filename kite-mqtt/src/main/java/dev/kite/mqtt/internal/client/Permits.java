package dev.kite.mqtt.internal.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counting semaphore of places and bytes: work takes a place, and the bytes it weighs, before it
 * starts, and {@link #release releases} them when done. Unordered delivery takes one per message
 * before handing it to the pool; a {@link BoundedQueue} takes one per item it queues.
 *
 * <p>Taking a place when there is room is an atomic add, no lock. A taker waits while every
 * place is held, or while the bytes held plus its own would pass the byte bound, unless nothing
 * else holds bytes, so work heavier than the bound still goes through alone. Weightless work (0
 * bytes) skips the byte check. Concurrent takers may overshoot the bound by one place each.
 *
 * <p>The bound can be {@link #suspend suspended}: the delivery bound is, while a handler waits
 * for its own client (see {@link HandlerWait}).
 */
final class Permits {
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicInteger suspended = new AtomicInteger();
    private final AtomicInteger blockedTakers = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final int places;
    private final long bytes;
    /** Run by a taker about to wait, under the lock: a queue wakes its consumer, so a deferred wake cannot leave both asleep. */
    private final Runnable beforeWaiting;
    private volatile boolean closed;

    /** Permits of {@code places} and {@code bytes}, for work handed elsewhere (unordered delivery). */
    Permits(int places, long bytes) {
        this(places, bytes, () -> { });
    }

    /**
     * @param beforeWaiting run by a taker that is about to wait for room, under the lock the
     *     waiting takes
     */
    Permits(int places, long bytes, Runnable beforeWaiting) {
        this.places = places;
        this.bytes = bytes;
        this.beforeWaiting = beforeWaiting;
    }

    /**
     * Takes a place and {@code weight} bytes, waiting while either bound is reached.
     *
     * @return false if closed: nothing was taken
     */
    boolean acquire(long weight) throws InterruptedException {
        if (!awaitRoom(weight)) {
            return false;
        }
        take(weight);
        if (closed) {
            release(1, weight);
            return false;
        }
        return true;
    }

    /**
     * Returns once there is room for {@code weight} bytes, or false if closed while waiting. Takes
     * nothing: the caller {@link #take takes} next, and may overshoot by one place.
     */
    boolean awaitRoom(long weight) throws InterruptedException {
        return !full(weight) || waitForRoom(weight);
    }

    /** Takes a place and {@code weight} bytes without waiting or looking at the bound. */
    void take(long weight) {
        held.incrementAndGet();
        if (weight != 0) {
            heldBytes.addAndGet(weight);
        }
    }

    /**
     * Returns whether work of {@code weight} bytes must wait: every place is held, or its bytes
     * would pass the byte bound while others hold bytes; never while the bound is suspended.
     */
    private boolean full(long weight) {
        boolean reached;
        if (held.get() >= places) {
            reached = true;
        } else if (weight == 0) {
            return false;
        } else {
            long h = heldBytes.get();
            reached = h > 0 && h + weight > bytes;
        }
        return reached && suspended.get() == 0;
    }

    private boolean waitForRoom(long weight) throws InterruptedException {
        assert !lock.isHeldByCurrentThread();
        blockedTakers.incrementAndGet();
        lock.lock();
        try {
            beforeWaiting.run();
            while (!closed && full(weight)) {
                room.await();
            }
            return !closed;
        } finally {
            lock.unlock();
            blockedTakers.decrementAndGet();
        }
    }

    /** Gives back {@code n} places and {@code weight} bytes, waking takers that wait for room. */
    void release(int n, long weight) {
        held.addAndGet(-n);
        if (weight != 0) {
            heldBytes.addAndGet(-weight);
        }
        signalTakers();
    }

    /** Lets takers go past the bound until {@link #resume}; calls nest. */
    void suspend() {
        suspended.incrementAndGet();
        signalTakers();
    }

    /** Ends one {@link #suspend}. */
    void resume() {
        suspended.decrementAndGet();
    }

    private void signalTakers() {
        if (blockedTakers.get() > 0) {
            signalAll();
        }
    }

    private void signalAll() {
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new takers and releases those that wait. */
    void close() {
        closed = true;
        signalAll();
    }

    /** Takes again after {@link #close}. */
    void reopen() {
        closed = false;
    }

    /** Returns whether {@link #close} was called. */
    boolean isClosed() {
        return closed;
    }

    /** Returns how many places are held: taken and not yet released. */
    int held() {
        return held.get();
    }

    /** Returns how many bytes are held: taken and not yet released. */
    long heldBytes() {
        return heldBytes.get();
    }
}
