package dev.kite.cli.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The final figures of a run, as a table for people or as JSON for scripts. */
final class Summary {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Summary(BenchConfig cfg, Bench bench, String broker) {
        Stats s = bench.stats;
        double seconds = Math.max(1e-9, (bench.loadEndNanos - bench.loadStartNanos) / 1e9);
        fields.put("mode", cfg.mode().name().toLowerCase(Locale.ROOT));
        fields.put("broker", broker);
        fields.put("clients", cfg.clients());
        fields.put("subscribers", bench.subscribers.size());
        fields.put("publishers", cfg.mode() == BenchConfig.Mode.PUB || cfg.mode() == BenchConfig.Mode.PUBSUB
                ? bench.publishers.size() : 0);
        fields.put("qos", cfg.qos());
        fields.put("payloadBytes", cfg.size());
        fields.put("connected", s.maxConnected.get());
        fields.put("connectFailed", s.connectFailed.sum());
        fields.put("durationSeconds", round(seconds));
        fields.put("sent", s.sent.sum());
        fields.put("received", s.received.sum());
        fields.put("expected", bench.expected() >= 0 ? bench.expected()
                : cfg.mode() == BenchConfig.Mode.PUBSUB ? s.sent.sum() : -1);
        fields.put("errors", s.errors.sum());
        fields.put("sentPerSecond", round(s.sent.sum() / seconds));
        fields.put("receivedPerSecond", round(s.received.sum() / seconds));
        fields.put("latencyClock", s.latency.count() == 0 ? "none"
                : bench.sameProcessClock ? "nanoTime (same process)" : "wall clock (other process)");
        fields.put("latencyMillis", percentiles(s.latency));
        fields.put("connectMillis", percentiles(s.connectTime));
        if (s.firstError.get() != null) {
            fields.put("firstError", s.firstError.get());
        }
    }

    boolean ok() {
        long expected = (long) fields.get("expected");
        return (long) fields.get("connectFailed") == 0 && (long) fields.get("errors") == 0
                && (expected < 0 || (long) fields.get("received") >= expected);
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        if (h.count() > 0) {
            m.put("min", millis(h.min()));
            m.put("p50", millis(h.percentile(0.50)));
            m.put("p90", millis(h.percentile(0.90)));
            m.put("p99", millis(h.percentile(0.99)));
            m.put("p999", millis(h.percentile(0.999)));
            m.put("max", millis(h.max()));
        }
        return m;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String ms(long nanos) {
        if (nanos < 0) {
            return "-";
        }
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2fms", ms) : String.format(Locale.ROOT, "%.0fms", ms);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        row(b, "mode", fields.get("mode") + " (QoS " + fields.get("qos") + ", " + fields.get("payloadBytes") + " B)");
        row(b, "broker", fields.get("broker"));
        row(b, "clients", fields.get("clients") + " (" + fields.get("publishers") + " publishing, "
                + fields.get("subscribers") + " subscribed)");
        row(b, "connected", fields.get("connected") + " at most, " + fields.get("connectFailed") + " failed");
        row(b, "connect time", spread(fields.get("connectMillis")));
        row(b, "duration", fields.get("durationSeconds") + " s");
        row(b, "sent", fields.get("sent") + " (" + fields.get("sentPerSecond") + " msg/s)");
        long expected = (long) fields.get("expected");
        row(b, "received", fields.get("received") + " (" + fields.get("receivedPerSecond") + " msg/s)"
                + (expected >= 0 ? ", expected " + expected : ""));
        row(b, "errors", fields.get("errors"));
        row(b, "latency", spread(fields.get("latencyMillis")) + "  [" + fields.get("latencyClock") + "]");
        if (fields.containsKey("firstError")) {
            row(b, "first error", fields.get("firstError"));
        }
        return b.toString();
    }

    private static String spread(Object percentiles) {
        Map<?, ?> m = (Map<?, ?>) percentiles;
        if (((long) m.get("count")) == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "min %s  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s ms (%d samples)",
                m.get("min"), m.get("p50"), m.get("p90"), m.get("p99"), m.get("p999"), m.get("max"), m.get("count"));
    }

    private static void row(StringBuilder b, String name, Object value) {
        b.append(String.format(Locale.ROOT, "%-13s %s%n", name, value));
    }

    String json() {
        return json(fields);
    }

    private static String json(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(e.getKey().toString())).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        return String.valueOf(v);
    }

}
