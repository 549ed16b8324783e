package dev.kite.mqtt.internal.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The end of the connect timeout, shared by every step of opening a link. A {@link Watch} closes
 * what it guards when the time is up, which unblocks a step stuck in a read (a proxy or TLS
 * handshake) whatever its own socket timeout.
 */
final class Deadline {
    private final long end;
    private final Duration total;

    Deadline(Duration total) {
        this.total = total;
        this.end = System.nanoTime() + total.toNanos();
    }

    /** Returns the time left in milliseconds, at least 1; throws once none is left. */
    int remainingMillis(String step) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
            throw timeout(step);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** Returns the time left, at least one millisecond. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime()));
    }

    SocketTimeoutException timeout(String step) {
        return new SocketTimeoutException(step + " timed out (connect timeout " + total.toMillis() + " ms)");
    }

    /** Closes {@code target} at the deadline unless the watch is closed first. */
    Watch watch(AutoCloseable target) {
        return new Watch(target, end - System.nanoTime());
    }

    /** A pending close; {@link #close()} cancels it. */
    static final class Watch implements AutoCloseable {
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile boolean fired;

        Watch(AutoCloseable target, long nanos) {
            CompletableFuture.runAsync(() -> {
                if (done.compareAndSet(false, true)) {
                    fired = true;
                    try {
                        target.close();
                    } catch (Exception e) {
                        // closing on timeout: the step that was blocked reports the failure
                    }
                }
            }, CompletableFuture.delayedExecutor(Math.max(0, nanos), TimeUnit.NANOSECONDS));
        }

        /** Returns whether the deadline passed and the target was closed. */
        boolean fired() {
            return fired;
        }

        /** Rethrows {@code e} as a timeout if the watch fired, else as is. */
        IOException explain(IOException e, Deadline d, String step) {
            if (fired) {
                SocketTimeoutException t = d.timeout(step);
                t.initCause(e);
                return t;
            }
            return e;
        }

        @Override
        public void close() {
            done.set(true);
        }
    }
}
