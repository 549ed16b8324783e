package dev.kite.mqtt.internal.client;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on threads of a shared executor: a client's
 * lifecycle callbacks (state changes, on-connect, connection lost) reach the user in the order
 * they happened without the client owning a thread for them.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor backing;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor backing) {
        this.backing = backing;
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        } finally {
            lock.unlock();
        }
        backing.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            lock.lock();
            try {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            assert !lock.isHeldByCurrentThread() : "user code runs outside the lock";
            try {
                next.run();
            } catch (Throwable e) {
                // a task is user code: whatever it throws must not stop the callbacks after it
                log.error("callback threw; the client goes on", e);
            }
        }
    }
}
