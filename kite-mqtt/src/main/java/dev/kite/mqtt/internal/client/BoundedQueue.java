package dev.kite.mqtt.internal.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded hand-over of items from any number of producer threads to one consumer thread: the
 * writer's queue of packets, the ordered dispatcher's queue of deliveries.
 *
 * <p>Adding takes no lock, and waking unparks the consumer only when it sleeps. A producer adds
 * {@link #putQuietly quietly} and {@link #wake wakes} the consumer after, once for a whole burst:
 * the reader thread queues the acknowledgements or deliveries of one socket read and wakes their
 * consumer once (the writer's callers do it through {@code Writer.enqueue} or a
 * {@code Writer.Batch}, so none forgets). Only {@link #putNow}, for timers, wakes by itself.
 *
 * <p>The bound is a {@link Permits}: it counts items added and not yet {@link #release released}
 * by the consumer, so it may cover items the consumer still works on, not only those queued, and
 * items may weigh bytes (the ordered dispatcher's do). A producer waits while it is reached, after
 * waking the consumer, so a deferred wake cannot leave both asleep.
 *
 * @param <T> the item type; items are removed by identity, so an item must not be added twice
 */
final class BoundedQueue<T> {
    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Thread> sleeper = new AtomicReference<>();
    private final Permits bound;

    /** A queue bounded by count only. */
    BoundedQueue(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /** A queue bounded by count and by the bytes its items weigh. */
    BoundedQueue(int capacity, long byteCapacity) {
        this.bound = new Permits(capacity, byteCapacity, this::wake);
    }

    /** Returns the bound, to suspend it or read what it holds. */
    Permits bound() {
        return bound;
    }

    /**
     * Adds an item that holds {@code bytes} until {@link #release released}, waiting while either
     * bound is reached, and does not wake the consumer: the caller {@link #wake wakes} it soon,
     * once for the items of a burst.
     *
     * @return false if the queue is closed: the item was not added
     */
    boolean putQuietly(T item, long bytes) throws InterruptedException {
        return bound.awaitRoom(bytes) && add(item, bytes);
    }

    /**
     * Adds an item past the bound without waiting, and wakes the consumer, for callers that must
     * never block (timers). The overshoot is bounded by the number of such items in flight.
     *
     * @return false if the queue is closed
     */
    boolean putNow(T item) {
        if (add(item, 0)) {
            wake();
            return true;
        }
        return false;
    }

    private boolean add(T item, long bytes) {
        if (bound.isClosed()) {
            return false;
        }
        bound.take(bytes);
        items.add(item);
        if (bound.isClosed() && removeSame(item)) {
            // closed while adding, and nobody took it: the caller still owns it
            bound.release(1, bytes);
            return false;
        }
        return true;
    }

    private boolean removeSame(T item) {
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            if (it.next() == item) {
                it.remove();
                return true;
            }
        }
        return false;
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
     * @return false once the queue is closed and empty
     */
    boolean await() throws InterruptedException {
        Thread me = Thread.currentThread();
        while (items.isEmpty()) {
            if (bound.isClosed()) {
                return false;
            }
            sleeper.set(me);
            if (items.isEmpty() && !bound.isClosed()) {
                LockSupport.park(this);
            }
            sleeper.set(null);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** For the consumer: returns the next item without taking it, or null if there is none. */
    T peek() {
        return items.peek();
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

    /** For the consumer: frees {@code n} places of weightless items, waking producers that wait for room. */
    void release(int n) {
        bound.release(n, 0);
    }

    /** For the consumer: frees {@code n} places and {@code bytes}, waking producers that wait for room. */
    void release(int n, long bytes) {
        bound.release(n, bytes);
    }

    /** Refuses new items and wakes everyone; the consumer still takes what is queued. */
    void close() {
        bound.close();
        wake();
    }

    /** Takes items again after {@link #close}. */
    void reopen() {
        bound.reopen();
    }

    /**
     * Closes and returns the items never taken; they no longer count against the count bound.
     * Their bytes stay counted: nothing waits for room in a closed queue.
     */
    List<T> closeAndDrain() {
        close();
        List<T> left = new ArrayList<>();
        bound.release(drainTo(left), 0);
        return left;
    }

    /** Returns whether no item is queued. */
    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Returns whether {@link #close} was called. */
    boolean isClosed() {
        return bound.isClosed();
    }

    /** Returns how many items count against the bound: added and not yet released. */
    int held() {
        return bound.held();
    }
}
