package dev.kite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end comparison: every scenario for every client, interleaved (the order of the
 * clients rotates each round), then medians, min–max and the ratio to the raw socket.
 */
final class Harness {
    private interface Run {
        Map<String, Double> run(Lib lib, String uri) throws Exception;
    }

    /**
     * A scenario; with a {@code baseline} (another scenario's name) the ratio column is each
     * client's headline over its own in the baseline, not over the raw socket's, and only the
     * clients with a completion callback per publish run it.
     */
    private record Scenario(String name, String headline, boolean lowerIsBetter, Run run, String baseline) {
        Scenario(String name, String headline, boolean lowerIsBetter, Run run) {
            this(name, headline, lowerIsBetter, run, null);
        }
    }

    private final boolean quick;
    private final int rounds;
    private final int connections;
    private final List<Lib> libs;
    /** scenario -> library -> metric -> values of each round */
    private final Map<String, Map<String, Map<String, List<Double>>>> results = new LinkedHashMap<>();

    private final String only;
    private long brokerPid;

    Harness(boolean quick, int rounds, int connections, String only, String clients, boolean mqtt5) {
        this.only = only;
        List<Lib> all = mqtt5 ? List.of(new RawLib(), new KiteLib(), new KiteLib(5), new PahoLib(), new HiveLib())
                : List.of(new RawLib(), new KiteLib(), new PahoLib(), new HiveLib());
        this.libs = all.stream().filter(lib -> clients == null || lib.name().contains(clients)).toList();
        this.quick = quick;
        this.rounds = rounds;
        this.connections = connections;
    }

    String run() throws Exception {
        int d = quick ? 10 : 1;
        int n0 = 300_000 / d;
        int n4k = 30_000 / d;
        int n1 = 100_000 / d;
        int n2 = 30_000 / d;
        int nSink = 2_000_000 / d;
        int latencySeconds = quick ? 2 : 3;
        int pahoConnections = Math.min(connections, 2_000);
        String forget0 = "QoS 0, 64 B (" + n0 + " msgs)";
        String forget1 = "QoS 1, 64 B, window 1000 (" + n1 + " msgs)";
        List<Scenario> scenarios = List.of(
                new Scenario(forget0, "msg/s", false,
                        (lib, uri) -> Scenarios.throughput(lib, uri, 0, 64, n0, 1000)),
                new Scenario("callback per publish: QoS 0, 64 B, 1,000 outstanding (" + n0 + " msgs)", "msg/s", false,
                        (lib, uri) -> Scenarios.callbackThroughput(lib, uri, 0, 64, n0, 1000), forget0),
                new Scenario("QoS 0, 4 KiB (" + n4k + " msgs)", "msg/s", false,
                        (lib, uri) -> Scenarios.throughput(lib, uri, 0, 4096, n4k, 1000)),
                new Scenario(forget1, "msg/s", false,
                        (lib, uri) -> Scenarios.throughput(lib, uri, 1, 64, n1, 1000)),
                new Scenario("callback per publish: QoS 1, 64 B, 1,000 outstanding (" + n1 + " msgs)", "msg/s", false,
                        (lib, uri) -> Scenarios.callbackThroughput(lib, uri, 1, 64, n1, 1000), forget1),
                new Scenario("QoS 2, 64 B, window 1000 (" + n2 + " msgs)", "msg/s", false,
                        (lib, uri) -> Scenarios.throughput(lib, uri, 2, 64, n2, 1000)),
                new Scenario("latency, QoS 1, 64 B at 1,000 msg/s (" + latencySeconds + " s)", "p50 µs", true,
                        (lib, uri) -> Scenarios.latency(lib, uri, 1000, latencySeconds)),
                new Scenario("sink: QoS 0, 64 B, one publishing thread, in-process acking peer (" + nSink + " msgs)",
                        "msg/s", false, (lib, uri) -> Scenarios.sink(lib, 0, 64, nSink)),
                new Scenario("connections: " + connections + " at once (Paho: " + pahoConnections + ")", "conn/s", false,
                        (lib, uri) -> Scenarios.connections(lib, uri, brokerPid,
                                lib instanceof PahoLib ? pahoConnections : connections)));
        try (Mosquitto broker = new Mosquitto()) {
            brokerPid = broker.pid();
            warmUp(broker.uri(), n0 / 5, n4k / 5, n1 / 5, n2 / 5,
                    scenarios.stream().anyMatch(s -> s.baseline() != null && selected(s)));
            for (int round = 0; round < rounds; round++) {
                for (Scenario s : scenarios) {
                    if (!selected(s)) {
                        continue;
                    }
                    for (int k = 0; k < libs.size(); k++) {
                        Lib lib = libs.get((k + round) % libs.size());
                        if (s.baseline() != null && !lib.callbacks()) {
                            continue;
                        }
                        System.err.printf("round %d/%d  %-60s %-14s load %s%n", round + 1, rounds, s.name(), lib.name(),
                                Measure.loadavg());
                        Map<String, Double> r;
                        try {
                            r = s.run().run(lib, broker.uri());
                        } catch (Exception | Error e) {
                            System.err.println("  failed: " + e);
                            r = Map.of("failed", 1.0);
                        }
                        System.err.println("  " + r);
                        record(s.name(), lib.name(), r);
                        System.gc();
                    }
                }
            }
        }
        return table(scenarios);
    }

    /**
     * Runs each client once through the throughput scenarios with a fifth of the counts, not
     * recorded: the first round then measures compiled code for every client, not one client's
     * JIT warm-up against another's.
     */
    private void warmUp(String uri, int n0, int n4k, int n1, int n2, boolean callbacks) {
        for (Lib lib : libs) {
            System.err.printf("warm-up  %-14s load %s%n", lib.name(), Measure.loadavg());
            try {
                Scenarios.throughput(lib, uri, 0, 64, n0, 1000);
                Scenarios.throughput(lib, uri, 0, 4096, n4k, 1000);
                Scenarios.throughput(lib, uri, 1, 64, n1, 1000);
                Scenarios.throughput(lib, uri, 2, 64, n2, 1000);
                if (callbacks && lib.callbacks()) {
                    Scenarios.callbackThroughput(lib, uri, 0, 64, n0, 1000);
                    Scenarios.callbackThroughput(lib, uri, 1, 64, n1, 1000);
                }
            } catch (Exception | Error e) {
                System.err.println("  warm-up failed: " + e);
            }
            System.gc();
        }
    }

    /**
     * Whether {@code --only} selects the scenario: its name contains one of the texts separated
     * by {@code |} (so {@code --only 'callback|QoS 0, 64 B (|QoS 1, 64 B, window'} runs the
     * callback scenarios and the publish-and-forget ones they are compared with).
     */
    private boolean selected(Scenario s) {
        if (only == null) {
            return true;
        }
        for (String text : only.split("\\|")) {
            if (!text.isEmpty() && s.name().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private void record(String scenario, String lib, Map<String, Double> r) {
        Map<String, List<Double>> m = results.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                .computeIfAbsent(lib, k -> new LinkedHashMap<>());
        r.forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private String table(List<Scenario> scenarios) {
        StringBuilder b = new StringBuilder();
        b.append("## End to end (Mosquitto on loopback; publisher and subscriber of the same client in one process)\n\n");
        b.append("Median of ").append(rounds).append(" rounds after one unrecorded warm-up pass per client (the throughput"
                + " scenarios at a fifth of their counts), [min–max] in brackets; \"× raw\" is the median over the raw"
                + " socket's median (for latency lower is better); in the callback-per-publish scenarios \"× forget\" is a"
                + " client's median over its own in the publish-and-forget scenario of the same QoS, in"
                + " the same run. CPU per message is the process CPU time (both"
                + " clients, GC included; in the sink scenario the peer's own CPU is subtracted) over messages delivered.\n\n");
        for (Scenario s : scenarios) {
            Map<String, Map<String, List<Double>>> byLib = results.get(s.name());
            if (byLib == null) {
                continue;
            }
            List<String> metrics = new ArrayList<>();
            byLib.values().forEach(m -> m.keySet().forEach(k -> {
                if (!metrics.contains(k)) {
                    metrics.add(k);
                }
            }));
            b.append("### ").append(s.name()).append("\n\n| client |");
            for (String m : metrics) {
                b.append(' ').append(m).append(" |");
            }
            b.append(" ").append(s.headline()).append(s.baseline() == null ? " × raw" : " × forget").append(" |\n|---|");
            b.append("---:|".repeat(metrics.size() + 1)).append('\n');
            Map<String, List<Double>> raw = byLib.get("raw socket");
            double rawHead = raw == null || !raw.containsKey(s.headline()) ? Double.NaN : median(raw.get(s.headline()));
            Map<String, Map<String, List<Double>>> base = s.baseline() == null ? null : results.get(s.baseline());
            for (Lib lib : libs) {
                Map<String, List<Double>> m = byLib.get(lib.name());
                if (m == null) {
                    continue;
                }
                b.append("| ").append(lib.name()).append(" |");
                for (String metric : metrics) {
                    List<Double> v = m.get(metric);
                    if (v == null) {
                        b.append(" – |");
                        continue;
                    }
                    double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                    double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                    b.append(' ').append(fmt(median(v)));
                    if (v.size() > 1) {
                        b.append(" [").append(fmt(min)).append('–').append(fmt(max)).append(']');
                    }
                    b.append(" |");
                }
                List<Double> head = m.get(s.headline());
                double denominator = rawHead;
                if (base != null) {
                    Map<String, List<Double>> own = base.get(lib.name());
                    denominator = own == null || !own.containsKey(s.headline()) ? Double.NaN : median(own.get(s.headline()));
                }
                double ratio = head == null ? Double.NaN : median(head) / denominator;
                b.append(' ').append(Double.isNaN(ratio) ? "–" : String.format("%.2f×", ratio)).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format("%,.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        return String.format("%.2f", v);
    }
}
