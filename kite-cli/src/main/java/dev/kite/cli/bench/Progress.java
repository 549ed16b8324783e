package dev.kite.cli.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Once a second: clients connected, messages sent and received in that second, in flight, errors,
 * and the second's latency p50/p99. On a terminal one line is rewritten in place ({@code \r});
 * otherwise one plain line per second, for logs.
 */
final class Progress implements AutoCloseable {
    private final Bench bench;
    private final PrintStream out;
    private final boolean terminal;
    private final Thread thread;
    private long lastSent;
    private long lastReceived;
    private int width;

    Progress(Bench bench, PrintStream out, boolean terminal) {
        this.bench = bench;
        this.out = out;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "kite-bench-progress");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!Thread.currentThread().isInterrupted()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += TimeUnit.SECONDS.toNanos(1);
            tick();
        }
    }

    /** Moves this second's latencies into the totals; returns the second's histogram. */
    Histogram drain() {
        Stats s = bench.stats;
        Histogram second = new Histogram();
        s.latencyInterval.drainInto(s.latency, second);
        s.connectInterval.drainInto(s.connectTime, new Histogram());
        return second;
    }

    private synchronized void tick() {
        Stats s = bench.stats;
        Histogram second = drain();
        long sent = s.sent.sum();
        long received = s.received.sum();
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - bench.startNanos);
        String line = String.format(Locale.ROOT, "[%4ds] connected %d  sent %d/s  received %d/s  in-flight %d  errors %d",
                elapsed, s.connected.get(), sent - lastSent, received - lastReceived, s.inFlight.get(),
                s.errors.sum() + s.connectFailed.sum());
        if (second.count() > 0) {
            line += "  latency p50 " + Summary.ms(second.percentile(0.5)) + " p99 " + Summary.ms(second.percentile(0.99));
        }
        lastSent = sent;
        lastReceived = received;
        if (terminal) {
            int pad = Math.max(0, width - line.length());
            width = line.length();
            out.print("\r" + line + " ".repeat(pad));
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public synchronized void close() {
        thread.interrupt();
        drain();
        if (terminal && width > 0) {
            out.println();
            out.flush();
        }
    }
}
