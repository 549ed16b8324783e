package dev.kite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The end-to-end scenarios. Each runs one library once and returns named figures. Every loop is
 * bounded in count and in time; a run that times out reports what it reached.
 */
final class Scenarios {
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final AtomicInteger IDS = new AtomicInteger();

    private Scenarios() {
    }

    /** One publisher and one subscriber, both of {@code lib}: first publish until all N arrived. */
    static Map<String, Double> throughput(Lib lib, String uri, int qos, int size, int n, int window) throws Exception {
        return publishAll(lib, uri, qos, size, n, window, 0);
    }

    /**
     * As {@link #throughput}, but the application publishes with a completion callback per message
     * and keeps at most {@code outstanding} messages without one (a semaphore released in the
     * callback): HiveMQ's {@code publish(...).whenComplete}, Paho's {@code IMqttActionListener},
     * Kite's {@code toCompletableFuture().whenComplete}. Ends when all arrived and all completed.
     */
    static Map<String, Double> callbackThroughput(Lib lib, String uri, int qos, int size, int n, int outstanding)
            throws Exception {
        return publishAll(lib, uri, qos, size, n, outstanding, outstanding);
    }

    /** Publishes N and waits for them; with {@code outstanding > 0}, with a callback per message. */
    private static Map<String, Double> publishAll(Lib lib, String uri, int qos, int size, int n, int window,
            int outstanding) throws Exception {
        boolean callbacks = outstanding > 0;
        String prefix = callbacks ? "c" : "";
        String topic = (callbacks ? "bench/c" : "bench/t") + IDS.incrementAndGet();
        AtomicLong got = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        Semaphore room = new Semaphore(outstanding);
        Runnable done = () -> {
            completed.incrementAndGet();
            room.release();
        };
        Lib.Client sub = lib.connect(uri, prefix + "sub" + IDS.incrementAndGet(), window);
        Lib.Client pub = null;
        try {
            sub.subscribe(topic, qos, (b, off, len) -> got.incrementAndGet());
            pub = lib.connect(uri, prefix + "pub" + IDS.incrementAndGet(), window);
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 'k');
            long cpu0 = Measure.processCpuNanos();
            long t0 = System.nanoTime();
            long deadline = t0 + TIMEOUT_NANOS;
            int sent = 0;
            if (callbacks) {
                for (; sent < n; sent++) {
                    if (!room.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    pub.publish(topic, payload, qos, done);
                }
            } else {
                for (; sent < n; sent++) {
                    pub.publish(topic, payload, qos);
                    if ((sent & 1023) == 0 && System.nanoTime() > deadline) {
                        break;
                    }
                }
                pub.flush();
            }
            while ((got.get() < sent || callbacks && completed.get() < sent) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(200_000);
            }
            long t1 = System.nanoTime();
            long cpu1 = Measure.processCpuNanos();
            long received = got.get();
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("msg/s", received * 1e9 / (t1 - t0));
            r.put("cpu µs/msg", received == 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / received);
            r.put("received %", 100.0 * received / n);
            if (callbacks) {
                r.put("completed %", 100.0 * completed.get() / n);
            }
            return r;
        } finally {
            if (pub != null) {
                pub.close();
            }
            sub.close();
        }
    }

    /** QoS 1, 64 B at a fixed rate; the payload carries the publish time, the handler reads it. */
    static Map<String, Double> latency(Lib lib, String uri, int rate, int seconds) throws Exception {
        String topic = "bench/l" + IDS.incrementAndGet();
        int warm = rate / 2;
        int n = rate * seconds;
        long[] samples = new long[warm + n];
        AtomicInteger got = new AtomicInteger();
        Lib.Client sub = lib.connect(uri, "lsub" + IDS.incrementAndGet(), 1000);
        Lib.Client pub = null;
        try {
            sub.subscribe(topic, 1, (b, off, len) -> {
                long now = System.nanoTime();
                long sentAt = 0;
                for (int i = 0; i < 8; i++) {
                    sentAt = sentAt << 8 | (b[off + i] & 0xFF);
                }
                int i = got.getAndIncrement();
                if (i < samples.length) {
                    samples[i] = now - sentAt;
                }
            });
            pub = lib.connect(uri, "lpub" + IDS.incrementAndGet(), 1000);
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long deadline = start + TIMEOUT_NANOS;
            int total = warm + n;
            long cpu0 = 0;
            long wall0 = 0;
            for (int i = 0; i < total && System.nanoTime() < deadline; i++) {
                if (i == warm) {
                    cpu0 = Measure.processCpuNanos();
                    wall0 = System.nanoTime();
                }
                long due = start + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    if (wait > 100_000) {
                        LockSupport.parkNanos(wait - 50_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                byte[] payload = new byte[64];
                long now = System.nanoTime();
                for (int b = 7; b >= 0; b--) {
                    payload[b] = (byte) now;
                    now >>>= 8;
                }
                pub.publish(topic, payload, 1);
                pub.flush();
            }
            while (got.get() < total && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            // the whole process (both clients, the pacing loop, GC) over the measured part
            double cpuShare = wall0 == 0 ? Double.NaN
                    : 100.0 * (Measure.processCpuNanos() - cpu0) / (System.nanoTime() - wall0);
            int have = Math.min(got.get(), total);
            long[] measured = Arrays.copyOfRange(samples, Math.min(warm, have), have);
            Arrays.sort(measured);
            Map<String, Double> r = new LinkedHashMap<>();
            if (measured.length == 0) {
                r.put("p50 µs", Double.NaN);
                r.put("p99 µs", Double.NaN);
                r.put("max µs", Double.NaN);
                r.put("cpu % of a core", Double.NaN);
                return r;
            }
            r.put("p50 µs", measured[measured.length / 2] / 1e3);
            r.put("p99 µs", measured[(int) Math.min(measured.length - 1, Math.ceil(measured.length * 0.99) - 1)] / 1e3);
            r.put("max µs", measured[measured.length - 1] / 1e3);
            r.put("cpu % of a core", cpuShare);
            return r;
        } finally {
            if (pub != null) {
                pub.close();
            }
            sub.close();
        }
    }

    /** One publishing thread into the in-process peer that reads and acknowledges: the client alone. */
    static Map<String, Double> sink(Lib lib, int qos, int size, int n) throws Exception {
        try (SinkPeer peer = new SinkPeer()) {
            Lib.Client pub = lib.connect(peer.uri(), "sink" + IDS.incrementAndGet(), 1000);
            try {
                byte[] payload = new byte[size];
                long base = peer.publishes.get();
                long peerCpu0 = peer.cpuNanos();
                long cpu0 = Measure.processCpuNanos();
                long t0 = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(20);
                int sent = 0;
                for (; sent < n; sent++) {
                    pub.publish("bench/sink", payload, qos);
                    if ((sent & 1023) == 0 && System.nanoTime() > deadline) {
                        break;
                    }
                }
                pub.flush();
                while (peer.publishes.get() - base < sent && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(100_000);
                }
                long t1 = System.nanoTime();
                long cpu = Measure.processCpuNanos() - cpu0 - (peer.cpuNanos() - peerCpu0);
                long got = peer.publishes.get() - base;
                Map<String, Double> r = new LinkedHashMap<>();
                r.put("msg/s", got * 1e9 / (t1 - t0));
                r.put("cpu µs/msg", got == 0 ? Double.NaN : cpu / 1e3 / got);
                return r;
            } finally {
                pub.close();
            }
        }
    }

    /** N clients connected at once through 32 connecting threads; then what they cost while idle. */
    static Map<String, Double> connections(Lib lib, String uri, long brokerPid, int n) throws Exception {
        Measure.settle(brokerPid);
        long heap0 = Measure.heapAfterGc();
        Measure.settle(brokerPid);
        long rss0 = Measure.rssBytes();
        int threads0 = Measure.platformThreads();
        List<Lib.Client> clients = new ArrayList<>(n);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicInteger failed = new AtomicInteger();
        try {
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            List<Future<Lib.Client>> futures = new ArrayList<>(n);
            String prefix = "c" + IDS.incrementAndGet() + "-";
            for (int i = 0; i < n; i++) {
                String id = prefix + i;
                futures.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        failed.incrementAndGet();
                        return null;
                    }
                    try {
                        return lib.connect(uri, id, 10);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        return null;
                    }
                }));
            }
            for (Future<Lib.Client> f : futures) {
                Lib.Client c = f.get();
                if (c != null) {
                    clients.add(c);
                }
            }
            long t1 = System.nanoTime();
            long rss1 = Measure.rssBytes();
            long heap1 = Measure.heapAfterGc();
            int threads1 = Measure.platformThreads();
            int ok = clients.size();
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("connected", (double) ok);
            r.put("conn/s", ok * 1e9 / (t1 - t0));
            r.put("RSS KB/conn", ok == 0 ? Double.NaN : (rss1 - rss0) / 1024.0 / ok);
            r.put("heap KB/conn", ok == 0 ? Double.NaN : (heap1 - heap0) / 1024.0 / ok);
            r.put("threads", (double) (threads1 - threads0));
            return r;
        } finally {
            List<Future<?>> closing = new ArrayList<>();
            for (Lib.Client c : clients) {
                closing.add(pool.submit(c::close));
            }
            for (Future<?> f : closing) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // bounded: go on
                }
            }
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            awaitThreadsGone(threads0);
        }
    }

    /**
     * Waits (at most 60 s) until the threads the clients started have ended, so the next
     * library's baseline of threads and RSS is not taken while these still unwind.
     */
    private static void awaitThreadsGone(int threadsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Measure.platformThreads() > threadsBefore + 16 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        System.gc();
    }
}
