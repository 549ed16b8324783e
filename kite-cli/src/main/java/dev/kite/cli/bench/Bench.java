package dev.kite.cli.bench;

import dev.kite.cli.mosq.BrokerTarget;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.SubscribeToken;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one bench: connects the clients (paced by the connect rate, at most {@link #CONNECTING}
 * handshakes at once), then publishes, subscribes or holds, then disconnects. Every loop stops at
 * its count or its duration, and everything stops at the run's timeout.
 */
final class Bench {
    /** Connect handshakes in progress at once: more only overflow the broker's accept backlog. */
    static final int CONNECTING = 100;
    /** How long a run waits for the last messages after the publishers stopped. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BenchConfig cfg;
    private final BrokerTarget target;
    final Stats stats = new Stats();
    private final long deadline;
    private volatile boolean stopping;
    final List<MqttClient> publishers = new ArrayList<>();
    final List<MqttClient> subscribers = new ArrayList<>();
    long startNanos;
    long loadStartNanos;
    long loadEndNanos;
    volatile boolean sameProcessClock = true;

    Bench(BenchConfig cfg, BrokerTarget target) {
        this.cfg = cfg;
        this.target = target;
        this.startNanos = System.nanoTime();
        this.deadline = startNanos + cfg.timeoutNanos();
    }

    void stop() {
        stopping = true;
    }

    private boolean over() {
        return stopping || System.nanoTime() - deadline >= 0;
    }

    long expected() {
        return switch (cfg.mode()) {
            case PUBSUB, SUB -> cfg.counted() ? cfg.count() * cfg.clients() : -1;
            default -> -1;
        };
    }

    void run() throws InterruptedException {
        switch (cfg.mode()) {
            case CONN -> {
                connectAll(publishers, "c");
                loadStartNanos = System.nanoTime();
                long hold = cfg.durationNanos() > 0 ? cfg.durationNanos() : TimeUnit.SECONDS.toNanos(1);
                sleepUntil(loadStartNanos + hold);
                loadEndNanos = System.nanoTime();
            }
            case SUB -> {
                connectAll(subscribers, "s");
                subscribeAll();
                loadStartNanos = System.nanoTime();
                long end = cfg.durationNanos() > 0 ? loadStartNanos + cfg.durationNanos() : deadline;
                while (!over() && System.nanoTime() - end < 0
                        && (!cfg.counted() || stats.received.sum() < expected())) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
                loadEndNanos = System.nanoTime();
            }
            case PUB, PUBSUB -> {
                if (cfg.mode() == BenchConfig.Mode.PUBSUB) {
                    connectAll(subscribers, "s");
                    subscribeAll();
                }
                connectAll(publishers, "p");
                loadStartNanos = System.nanoTime();
                publishAll();
                // wait for acknowledgements and, with subscribers, for the last messages
                long drainEnd = System.nanoTime() + DRAIN_NANOS;
                while (!over() && System.nanoTime() - drainEnd < 0 && (stats.inFlight.get() > 0
                        || (expected() > 0 && stats.received.sum() < stats.sent.sum()))) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                loadEndNanos = System.nanoTime();
            }
            default -> throw new IllegalStateException(cfg.mode().toString());
        }
    }

    private void sleepUntil(long when) {
        long left;
        while (!over() && (left = when - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private void connectAll(List<MqttClient> into, String role) throws InterruptedException {
        Semaphore connecting = new Semaphore(CONNECTING);
        long first = System.nanoTime();
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (int i = 0; i < cfg.clients() && !over(); i++) {
            if (cfg.connRate() > 0) {
                sleepUntil(first + (long) (i * 1e9 / cfg.connRate()));
            }
            while (!connecting.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                if (over()) {
                    return;
                }
            }
            ClientOptions o = target.options(cfg.idPrefix() + role + i)
                    .setAutoReconnect(false)
                    .setConnectTimeout(Duration.ofSeconds(30))
                    .setOrderMatters(false)
                    .setConnectionLostHandler((c, cause) -> {
                        stats.connected.decrementAndGet();
                        stats.error("connection lost: " + BrokerTarget.describe(cause));
                    });
            MqttClient client = MqttClient.create(o);
            into.add(client);
            long t0 = System.nanoTime();
            done.add(client.connect().toCompletableFuture().whenComplete((r, e) -> {
                connecting.release();
                if (e == null) {
                    stats.connectInterval.record(System.nanoTime() - t0);
                    stats.connectedOne();
                } else {
                    stats.connectFailed(BrokerTarget.describe(e));
                }
            }));
        }
        awaitAll(done);
    }

    private void awaitAll(List<CompletableFuture<?>> futures) {
        for (CompletableFuture<?> f : futures) {
            long left = deadline - System.nanoTime();
            try {
                f.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (over()) {
                    return;
                }
            }
        }
    }

    private void subscribeAll() {
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (int i = 0; i < subscribers.size(); i++) {
            MqttClient c = subscribers.get(i);
            if (!c.isConnected()) {
                continue;
            }
            boolean[] same = new boolean[1];
            SubscribeToken t = c.subscribe(cfg.topic(i), cfg.qos(), (client, msg) -> {
                stats.received.increment();
                long ns = Payload.latency(msg.payload(), same);
                if (ns >= 0) {
                    if (!same[0]) {
                        sameProcessClock = false;
                    }
                    stats.latencyInterval.record(ns);
                }
            });
            done.add(t.toCompletableFuture().whenComplete((r, e) -> {
                if (e != null) {
                    stats.error("subscribe failed: " + e.getMessage());
                }
            }));
        }
        awaitAll(done);
    }

    private void publishAll() throws InterruptedException {
        byte[] template = new byte[cfg.size()];
        for (int i = Math.min(Payload.HEADER, template.length); i < template.length; i++) {
            template[i] = (byte) ('a' + i % 26);
        }
        long start = System.nanoTime();
        long end = cfg.durationNanos() > 0 ? start + cfg.durationNanos() : deadline;
        CountDownLatch finished = new CountDownLatch(publishers.size());
        try (Loops loops = new Loops()) {
            for (int i = 0; i < publishers.size(); i++) {
                MqttClient c = publishers.get(i);
                String topic = cfg.topic(i);
                loops.run(() -> {
                    try {
                        if (c.isConnected()) {
                            publishLoop(c, topic, template, start, end);
                        }
                    } finally {
                        finished.countDown();
                    }
                });
            }
            while (!finished.await(50, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    stopping = true;
                }
            }
        }
    }

    private void publishLoop(MqttClient c, String topic, byte[] template, long start, long end) {
        Semaphore window = new Semaphore(cfg.window());
        long interval = cfg.rate() > 0 ? (long) (1e9 / cfg.rate()) : 0;
        for (long k = 0; !cfg.counted() || k < cfg.count(); k++) {
            if (interval > 0) {
                sleepUntil(start + k * interval);
            }
            if (over() || System.nanoTime() - end >= 0 || !c.isConnected()) {
                return;
            }
            try {
                while (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    if (over() || !c.isConnected()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            stats.inFlight.incrementAndGet();
            try {
                c.publish(topic, cfg.qos(), false, Payload.stamp(template)).toCompletableFuture()
                        .whenComplete((r, e) -> {
                            stats.inFlight.decrementAndGet();
                            window.release();
                            if (e != null) {
                                stats.error("publish failed: " + e.getMessage());
                            }
                        });
                stats.sent.increment();
            } catch (RuntimeException e) {
                stats.inFlight.decrementAndGet();
                window.release();
                stats.error("publish failed: " + e.getMessage());
            }
        }
    }

    /** Closes every client, many at once (each close waits for its threads). */
    void disconnectAll() {
        List<MqttClient> all = new ArrayList<>(publishers);
        all.addAll(subscribers);
        ExecutorService pool = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "kite-bench-close");
            t.setDaemon(true);
            return t;
        });
        for (MqttClient c : all) {
            pool.execute(() -> {
                try {
                    c.disconnect(0);
                } catch (RuntimeException e) {
                    // closing is best effort at the end of a run
                }
            });
        }
        pool.shutdown();
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One thread per publisher: virtual on Java 21+, platform (daemon) threads on 17. */
    private static final class Loops implements AutoCloseable {
        private final ExecutorService pool = newPool();

        private static ExecutorService newPool() {
            try {
                Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
                return (ExecutorService) m.invoke(null);
            } catch (ReflectiveOperationException e) {
                return Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "kite-bench-pub");
                    t.setDaemon(true);
                    return t;
                });
            }
        }

        void run(Runnable r) {
            pool.execute(r);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
