package dev.kite.mqtt.store;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: one thread forces at a time, and one force makes durable every record appended
 * before it started. A writer that finds no force running becomes the forcer; the others wait,
 * and those whose record the force covered return together when it completes. No lock is held
 * during the force itself, so waiting writers only ever wait for the force, never for each other.
 *
 * <p>Records are numbered in the order they were appended; {@link Forcer#force()} reads the
 * highest number appended so far <em>before</em> it forces, and returns it.
 */
final class GroupCommit {
    /** Forces the log and returns the highest record number the force covered. */
    interface Forcer {
        long force() throws IOException;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private boolean busy;
    private long durable;
    private long forces;

    /**
     * Returns once record {@code seq} is durable.
     *
     * @param ownForce whether this call must run a force of its own even if another force already
     *     covered its record ({@link SyncMode#EVERY_WRITE})
     * @throws IOException if the force this thread ran failed
     */
    void awaitDurable(long seq, boolean ownForce, Forcer forcer) throws IOException {
        lock.lock();
        try {
            while (ownForce || durable < seq) {
                if (busy) {
                    idle.awaitUninterruptibly();
                    continue;
                }
                busy = true;
                long covered = -1;
                lock.unlock();
                try {
                    covered = forcer.force();
                } finally {
                    lock.lock();
                    busy = false;
                    if (covered >= 0) {
                        durable = Math.max(durable, covered);
                        forces++;
                    }
                    idle.signalAll();
                }
                if (ownForce) {
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no force runs and keeps others from starting one, for a roll or a close. */
    void exclude() {
        lock.lock();
        try {
            while (busy) {
                idle.awaitUninterruptibly();
            }
            busy = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends {@link #exclude()}.
     *
     * @param nowDurable every record up to this number is durable, or -1
     */
    void release(long nowDurable) {
        lock.lock();
        try {
            busy = false;
            durable = Math.max(durable, nowDurable);
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Starts numbering again from 0, at open. */
    void reset() {
        lock.lock();
        try {
            durable = 0;
        } finally {
            lock.unlock();
        }
    }

    /** How many forces writers ran. */
    long forces() {
        lock.lock();
        try {
            return forces;
        } finally {
            lock.unlock();
        }
    }
}
