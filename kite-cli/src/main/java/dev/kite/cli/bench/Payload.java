package dev.kite.cli.bench;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bench message: a 24-byte header, then filler. The header carries the sender's
 * {@code System.nanoTime()}, a number drawn once per process, and the wall clock in microseconds.
 * A receiver in the same process (same number) measures latency with {@code nanoTime}, which
 * only means something inside one JVM; a receiver in another process falls back on the wall
 * clock, which is good to some tens of microseconds on one machine and no better than NTP across
 * machines. Messages shorter than the header carry no timestamp.
 */
final class Payload {
    static final int HEADER = 24;
    static final long PROCESS = ThreadLocalRandom.current().nextLong() | 1;

    private Payload() {
    }

    static byte[] stamp(byte[] template) {
        byte[] b = template.clone();
        if (b.length >= HEADER) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            buf.putLong(System.nanoTime()).putLong(PROCESS).putLong(epochMicros());
        }
        return b;
    }

    /** Latency in ns, or -1 without a header; {@code sameProcess[0]} says which clock was used. */
    static long latency(byte[] b, boolean[] sameProcess) {
        if (b.length < HEADER) {
            return -1;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        long nanos = buf.getLong();
        long process = buf.getLong();
        long micros = buf.getLong();
        if (process == PROCESS) {
            sameProcess[0] = true;
            return System.nanoTime() - nanos;
        }
        sameProcess[0] = false;
        return Math.max(0, (epochMicros() - micros) * 1000);
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
