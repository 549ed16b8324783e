package dev.kite.mqtt.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded hand-over of items from any number of producer threads to one consumer thread.
 *
 * <p>Adding takes no lock, and wakes the consumer only when it sleeps. A producer may also add
 * without waking it and {@link #wake} it later, once for a whole burst: the reader thread queues
 * the acknowledgements or deliveries of one socket read and wakes their consumer once.
 *
 * <p>The bound counts items added and not yet {@link #release released} by the consumer, so it
 * may cover items the consumer still works on, not only those queued. A producer waits while it
 * is reached (after waking the consumer, so a deferred wake cannot leave both asleep); concurrent
 * producers may overshoot it by one item each. The bound can be {@link #suspendBound suspended}.
 *
 * <p>Items may also weigh bytes, bounded beside the count: an item waits while the bytes held
 * plus its own would pass the byte bound, unless nothing else holds bytes, so an item heavier
 * than the bound still goes through alone. Weightless items (the default) skip the byte check.
 *
 * @param <T> the item type; items are removed by identity, so an item must not be added twice
 */
final class Handoff<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicInteger suspended = new AtomicInteger();
    private final AtomicInteger blockedProducers = new AtomicInteger();
    private final AtomicReference<Thread> sleeper = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final int capacity;
    private final long byteCapacity;
    private volatile boolean closed;

    /** A hand-over bounded by count only. */
    Handoff(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /** A hand-over bounded by count and by the bytes its items weigh. */
    Handoff(int capacity, long byteCapacity) {
        this.capacity = capacity;
        this.byteCapacity = byteCapacity;
    }

    /**
     * Adds a weightless item, waiting while the bound is reached.
     *
     * @param wake whether to wake the consumer now; if not, the caller calls {@link #wake} soon
     * @return false if the hand-over is closed: the item was not added
     */
    boolean put(T item, boolean wake) throws InterruptedException {
        return put(item, 0, wake);
    }

    /**
     * Adds an item that holds {@code bytes} until {@link #release(int, long) released}, waiting
     * while either bound is reached.
     *
     * @param wake whether to wake the consumer now; if not, the caller calls {@link #wake} soon
     * @return false if the hand-over is closed: the item was not added
     */
    boolean put(T item, long bytes, boolean wake) throws InterruptedException {
        if (full(bytes) && !awaitRoom(bytes)) {
            return false;
        }
        return add(item, bytes, wake);
    }

    /**
     * Takes a place of the bound, and {@code bytes} of the byte bound, without queueing an item,
     * waiting while either bound is reached: for work the caller hands elsewhere and
     * {@link #release(int, long) releases} when done.
     *
     * @return false if the hand-over is closed: no place was taken
     */
    boolean acquire(long bytes) throws InterruptedException {
        if (full(bytes) && !awaitRoom(bytes)) {
            return false;
        }
        take(bytes);
        if (closed) {
            release(1, bytes);
            return false;
        }
        return true;
    }

    /**
     * Returns whether an item of {@code bytes} must wait: the count bound is reached, or its bytes
     * would pass the byte bound while others hold bytes; never while the bound is suspended.
     */
    private boolean full(long bytes) {
        boolean reached;
        if (held.get() >= capacity) {
            reached = true;
        } else if (bytes == 0) {
            return false;
        } else {
            long h = heldBytes.get();
            reached = h > 0 && h + bytes > byteCapacity;
        }
        return reached && suspended.get() == 0;
    }

    private void take(long bytes) {
        held.incrementAndGet();
        if (bytes != 0) {
            heldBytes.addAndGet(bytes);
        }
    }

    /**
     * Adds an item past the bound without waiting, for callers that must never block (timers).
     * The overshoot is bounded by the number of such items in flight.
     *
     * @return false if the hand-over is closed
     */
    boolean putNow(T item) {
        return add(item, 0, true);
    }

    private boolean add(T item, long bytes, boolean wake) {
        if (closed) {
            return false;
        }
        take(bytes);
        items.add(item);
        if (closed && removeSame(item)) {
            // closed while adding, and nobody took it: the caller still owns it
            release(1, bytes);
            return false;
        }
        if (wake) {
            wake();
        }
        return true;
    }

    private boolean removeSame(T item) {
        for (java.util.Iterator<T> it = items.iterator(); it.hasNext(); ) {
            if (it.next() == item) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private boolean awaitRoom(long bytes) throws InterruptedException {
        assert !lock.isHeldByCurrentThread();
        blockedProducers.incrementAndGet();
        lock.lock();
        try {
            wake();
            while (!closed && full(bytes)) {
                room.await();
            }
            return !closed;
        } finally {
            lock.unlock();
            blockedProducers.decrementAndGet();
        }
    }

    /** Wakes the consumer if it sleeps. */
    void wake() {
        Thread t = sleeper.get();
        if (t != null && sleeper.compareAndSet(t, null)) {
            LockSupport.unpark(t);
        }
    }

    /**
     * For the consumer: waits until an item is there.
     *
     * @return false once the hand-over is closed and empty
     */
    boolean await() throws InterruptedException {
        Thread me = Thread.currentThread();
        while (items.isEmpty()) {
            if (closed) {
                return false;
            }
            sleeper.set(me);
            if (items.isEmpty() && !closed) {
                LockSupport.park(this);
            }
            sleeper.set(null);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** For the consumer: takes the next item, or null if there is none. */
    T poll() {
        return items.poll();
    }

    /** For the consumer: moves every queued item into {@code into}; returns how many. */
    int drainTo(List<T> into) {
        int n = 0;
        T item;
        while ((item = items.poll()) != null) {
            into.add(item);
            n++;
        }
        return n;
    }

    /** Frees {@code n} places of the bound, of weightless items, waking producers that wait for room. */
    void release(int n) {
        release(n, 0);
    }

    /** Frees {@code n} places of the bound and {@code bytes} of the byte bound, waking producers that wait. */
    void release(int n, long bytes) {
        held.addAndGet(-n);
        if (bytes != 0) {
            heldBytes.addAndGet(-bytes);
        }
        signalProducers();
    }

    /** Lets producers go past the bound until {@link #resumeBound}; calls nest. */
    void suspendBound() {
        suspended.incrementAndGet();
        signalProducers();
    }

    /** Ends one {@link #suspendBound}. */
    void resumeBound() {
        suspended.decrementAndGet();
    }

    private void signalProducers() {
        if (blockedProducers.get() > 0) {
            lock.lock();
            try {
                room.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Refuses new items and wakes everyone; the consumer still takes what is queued. */
    void close() {
        closed = true;
        wake();
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes and returns the items never taken; they no longer count against the count bound.
     * Their bytes stay counted: nothing waits for room in a closed hand-over.
     */
    List<T> closeAndDrain() {
        close();
        List<T> left = new ArrayList<>();
        held.addAndGet(-drainTo(left));
        return left;
    }

    /** Returns whether no item is queued. */
    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Returns whether {@link #close} was called. */
    boolean isClosed() {
        return closed;
    }

    /** Returns how many items count against the bound: added and not yet released. */
    int held() {
        return held.get();
    }

    /** Returns how many bytes count against the byte bound: added and not yet released. */
    long heldBytes() {
        return heldBytes.get();
    }
}
