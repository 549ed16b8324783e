package dev.kite.cli.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every client of a run; any thread may update them. */
final class Stats {
    final AtomicLong connected = new AtomicLong();
    final AtomicLong maxConnected = new AtomicLong();
    final LongAdder connectFailed = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    final AtomicLong inFlight = new AtomicLong();
    final LongAdder errors = new LongAdder();
    final AtomicReference<String> firstError = new AtomicReference<>();

    /** Latency of messages received (ns), drained each second by the progress reporter. */
    final Histogram latencyInterval = new Histogram();
    final Histogram latency = new Histogram();
    final Histogram connectInterval = new Histogram();
    final Histogram connectTime = new Histogram();

    void connectedOne() {
        long now = connected.incrementAndGet();
        maxConnected.accumulateAndGet(now, Math::max);
    }

    void error(String what) {
        errors.increment();
        firstError.compareAndSet(null, what);
    }

    void connectFailed(String what) {
        connectFailed.increment();
        firstError.compareAndSet(null, what);
    }
}
