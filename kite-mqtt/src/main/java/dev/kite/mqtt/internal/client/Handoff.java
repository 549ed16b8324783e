package dev.kite.mqtt.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * @param <T> the item type; items are removed by identity, so an item must not be added twice
 */
final class Handoff<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger suspended = new AtomicInteger();
    private final AtomicInteger blockedProducers = new AtomicInteger();
    private final AtomicReference<Thread> sleeper = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final int capacity;
    private volatile boolean closed;

    Handoff(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds an item, waiting while the bound is reached.
     *
     * @param wake whether to wake the consumer now; if not, the caller calls {@link #wake} soon
     * @return false if the hand-over is closed: the item was not added
     */
    boolean put(T item, boolean wake) throws InterruptedException {
        if (held.get() >= capacity && suspended.get() == 0 && !awaitRoom()) {
            return false;
        }
        return add(item, wake);
    }

    /**
     * Takes a place of the bound without queueing an item, waiting while the bound is reached:
     * for work the caller hands elsewhere and {@link #release releases} when done.
     *
     * @return false if the hand-over is closed: no place was taken
     */
    boolean acquire() throws InterruptedException {
        if (held.get() >= capacity && suspended.get() == 0 && !awaitRoom()) {
            return false;
        }
        held.incrementAndGet();
        if (closed) {
            held.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Adds an item past the bound without waiting, for callers that must never block (timers).
     * The overshoot is bounded by the number of such items in flight.
     *
     * @return false if the hand-over is closed
     */
    boolean putNow(T item) {
        return add(item, true);
    }

    private boolean add(T item, boolean wake) {
        if (closed) {
            return false;
        }
        held.incrementAndGet();
        items.add(item);
        if (closed && removeSame(item)) {
            // closed while adding, and nobody took it: the caller still owns it
            held.decrementAndGet();
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

    private boolean awaitRoom() throws InterruptedException {
        blockedProducers.incrementAndGet();
        lock.lock();
        try {
            wake();
            while (!closed && held.get() >= capacity && suspended.get() == 0) {
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

    /** Frees {@code n} places of the bound, waking producers that wait for room. */
    void release(int n) {
        held.addAndGet(-n);
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

    /** Closes and returns the items never taken; they no longer count against the bound. */
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
}
