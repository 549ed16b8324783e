package dev.kite.mqtt.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures persisted put+delete pairs per second, 1 and 8 threads, in each sync mode: the figures
 * of {@code docs/STORE.md}. Not part of the normal run, and asserts nothing:
 *
 * <pre>
 * mvn -q -B -o -pl kite-mqtt test -Dtest=FileStoreThroughputTest -Dkite.store.bench=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "kite.store.bench", matches = "true")
class FileStoreThroughputTest {
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final long MEASURE_NANOS = 4_000_000_000L;
    private static final int VALUE_BYTES = 256;

    @TempDir
    Path tmp;

    @Test
    void measure() throws Exception {
        System.out.printf("%-12s %7s %14s %14s %12s%n", "mode", "threads", "pairs/s", "ops/s", "ops/force");
        int run = 0;
        for (SyncMode mode : SyncMode.values()) {
            for (int threads : new int[] {1, 8}) {
                FileStore store = new FileStore(tmp.resolve("run" + run++), mode);
                store.open();
                try {
                    drive(store, threads, WARMUP_NANOS);
                    long forcesBefore = store.forces();
                    long start = System.nanoTime();
                    long pairs = drive(store, threads, MEASURE_NANOS);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long forces = store.forces() - forcesBefore;
                    System.out.printf("%-12s %7d %14.0f %14.0f %12s%n", mode, threads, pairs / seconds,
                            2 * pairs / seconds, forces == 0 ? "-" : String.format("%.1f", 2.0 * pairs / forces));
                } finally {
                    store.close();
                }
            }
        }
    }

    /** Each thread puts a value and deletes it, over and over, until the time is up; returns the pairs done. */
    private static long drive(FileStore store, int threads, long nanos) throws Exception {
        LongAdder pairs = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        byte[] value = new byte[VALUE_BYTES];
        for (int t = 0; t < threads; t++) {
            long base = t * 1_000_000_000L;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = System.nanoTime() + nanos;
                for (long i = base; System.nanoTime() < end; i++) {
                    store.put(StoreKey.outbound(i), value);
                    store.delete(StoreKey.outbound(i));
                    pairs.increment();
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        return pairs.sum();
    }
}
