package dev.kite.mqtt.internal.client;

import java.time.Duration;

/**
 * Reconnect delays, as a pure function of the attempt: the nominal delay starts at the initial
 * delay and doubles up to a cap; each delay is drawn with jitter, from 75 % to 125 % of the
 * nominal delay and never past the cap, so that many clients that lost the same broker do not
 * come back in step. The first attempt after a loss waits {@link #first(double)}: a random part
 * of the initial delay. The caller supplies the random numbers, so a test can choose them.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = Math.min(initial.toNanos(), max.toNanos());
        this.maxNanos = max.toNanos();
    }

    /**
     * Returns the delay after failed attempt number {@code attempt}.
     *
     * @param attempt 0 for the delay after the first failure, 1 after the second, ...
     * @param random a number drawn evenly from [0, 1): 0.5 gives the nominal delay
     */
    Duration delay(int attempt, double random) {
        long nominal = initialNanos;
        for (int i = 0; i < attempt && nominal < maxNanos; i++) {
            // doubling past half the cap would pass the cap, or overflow near Long.MAX_VALUE
            nominal = nominal > maxNanos / 2 ? maxNanos : nominal * 2;
        }
        double factor = 0.75 + random * 0.5;
        return Duration.ofNanos(Math.min(maxNanos, (long) (nominal * factor)));
    }

    /**
     * Returns the wait before the first attempt after a loss: a part of the initial delay.
     *
     * @param random a number drawn evenly from [0, 1)
     */
    Duration first(double random) {
        return Duration.ofNanos((long) (initialNanos * random));
    }
}
