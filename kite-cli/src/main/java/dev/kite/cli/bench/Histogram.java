package dev.kite.cli.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of non-negative longs (nanoseconds), in the manner of HdrHistogram:
 * values below 64 are exact; above, each power of two is split into 32 buckets, so a reported
 * percentile is within about 3 % of the true value. Recording is lock-free and may run on any
 * thread; reading while recording gives a consistent enough picture for a progress line.
 */
final class Histogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;           // 32 buckets per power of two
    private static final int BUCKETS = (64 - SUB_BITS) * SUB + 2 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) Math.max(v, 0);
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;   // keeps the top 6 bits
        return shift * SUB + (int) (v >>> shift);
    }

    /** The middle of a bucket's range (exact below 64). */
    static long value(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index % SUB + SUB;
        long low = mantissa << shift;
        return low + ((1L << shift) - 1) / 2;
    }

    void record(long v) {
        counts.incrementAndGet(index(v));
    }

    /** Adds every count of {@code other} to this one and clears {@code other} (per-second views). */
    void drainInto(Histogram total, Histogram snapshot) {
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.getAndSet(i, 0);
            if (c != 0) {
                total.counts.addAndGet(i, c);
                snapshot.counts.addAndGet(i, c);
            }
        }
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value at quantile {@code q} (0..1), or -1 when empty. */
    long percentile(double q) {
        long n = count();
        if (n == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return value(i);
            }
        }
        return value(BUCKETS - 1);
    }

    long min() {
        for (int i = 0; i < BUCKETS; i++) {
            if (counts.get(i) != 0) {
                return value(i);
            }
        }
        return -1;
    }

    long max() {
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (counts.get(i) != 0) {
                return value(i);
            }
        }
        return -1;
    }

    void clear() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }
}
