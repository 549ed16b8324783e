package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.session.Completion;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the threads that send packets and a connection's writer. Closing it
 * wakes every blocked caller; packets still in it can be taken back to fail their completions.
 */
final class OutboundQueue {
    /** A packet to write, and what to complete once it is written (QoS 0 publishes), or null. */
    record Item(Packet packet, Completion onWritten) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds an item, waiting while the queue is full.
     *
     * @return false if the queue is closed (the item was not added)
     */
    boolean put(Item item) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && items.size() >= capacity) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            items.add(item);
            if (items.size() == 1) {
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a control packet without waiting, even past the capacity: for timers that must not
     * block (keepalive). The overshoot is bounded by the number of such packets in flight.
     *
     * @return false if the queue is closed
     */
    boolean offerControl(Packet packet) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            items.add(new Item(packet, null));
            if (items.size() == 1) {
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every queued item into {@code into}, waiting until there is at least one.
     *
     * @return false once the queue is closed and empty
     */
    boolean takeAll(List<Item> into) throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty() && !closed) {
                notEmpty.await();
            }
            if (items.isEmpty()) {
                return false;
            }
            into.addAll(items);
            items.clear();
            notFull.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new items; the writer still drains what is queued. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue and returns what was never taken. */
    List<Item> closeAndDrain() {
        lock.lock();
        try {
            closed = true;
            List<Item> left = List.copyOf(items);
            items.clear();
            notEmpty.signalAll();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
