package dev.kite.mqtt.internal.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: 1 s doubling up to a cap, each drawn with jitter (from 75 % to 125 % of the
 * nominal delay, never past the cap) so that many clients that lost the same broker do not come
 * back in step. The first attempt after a loss waits {@link #first()}: a random part of the
 * initial delay.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = Math.min(initial.toNanos(), max.toNanos());
        this.maxNanos = max.toNanos();
        this.nextNanos = initialNanos;
    }

    /** Returns the delay before the next attempt and doubles the nominal delay. */
    Duration next() {
        long nominal = nextNanos;
        nextNanos = Math.min(maxNanos, nominal > maxNanos / 2 ? maxNanos : nominal * 2);
        double factor = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofNanos(Math.min(maxNanos, (long) (nominal * factor)));
    }

    /** Returns a delay drawn evenly from zero to the initial delay: for the first attempt after a loss. */
    Duration first() {
        return Duration.ofNanos((long) (initialNanos * ThreadLocalRandom.current().nextDouble()));
    }

    /** Starts again from the initial delay. */
    void reset() {
        nextNanos = initialNanos;
    }
}
