package dev.kite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs everything and writes docs/BENCHMARKS.md: the JMH benchmarks (with the GC profiler) and the
 * end-to-end comparison. Options: {@code --quick} (smaller counts, one round), {@code --no-jmh},
 * {@code --no-e2e}, {@code --rounds N}, {@code --connections N}, {@code --out PATH},
 * {@code --only TEXT} (the end-to-end scenarios whose name contains TEXT, or one of several texts
 * separated by {@code |}: {@code --only callback} for the callback-per-publish scenarios),
 * {@code --clients TEXT} (only the clients whose name contains TEXT: {@code --clients Kite} to
 * profile Kite alone), {@code --mqtt5} (adds "Kite (MQTT 5)", Kite at protocol version 5, beside
 * Kite at 3.1.1; the in-process sink peer speaks 3.1.1 only, so leave the sink out with
 * {@code --only}).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean jmh = true;
        boolean e2e = true;
        int rounds = 3;
        int connections = Runtime.version().feature() >= 21 ? 10_000 : 2_000;
        Path out = Path.of("docs/BENCHMARKS.md");
        String only = null;
        String clients = null;
        boolean mqtt5 = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-jmh" -> jmh = false;
                case "--no-e2e" -> e2e = false;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--clients" -> clients = args[++i];
                case "--mqtt5" -> mqtt5 = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--quick, --no-jmh, --no-e2e, --rounds N, --connections N, --out PATH, --only TEXT,"
                        + " --clients TEXT, --mqtt5)");
            }
        }
        if (quick) {
            rounds = Math.min(rounds, 1);
            connections = Math.min(connections, 1_000);
        }
        String loadBefore = Measure.loadavg();
        long started = System.nanoTime();
        StringBuilder doc = new StringBuilder();
        doc.append("# Kite benchmarks\n\n");
        doc.append("Written by `kite-bench` (`dev.kite.bench.Bench`) on every run; do not edit by hand above the\n"
                + "sections other tools append.\n\n");
        doc.append(header(String.join(" ", args), loadBefore, quick, rounds));
        if (jmh) {
            doc.append(runJmh(quick));
        }
        if (e2e) {
            doc.append(new Harness(quick, rounds, connections, only, clients, mqtt5).run());
        }
        doc.append("\nRun took ").append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                .append(" s; load average at the end: `").append(Measure.loadavg()).append("`.\n");
        write(out, doc.toString());
        System.out.println(doc);
        System.exit(0);
    }

    private static String header(String args, String load, boolean quick, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("## Run\n\n");
        b.append("- date: ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)).append('\n');
        b.append("- machine: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        b.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.home")).append(")\n");
        b.append("- broker: ").append(Mosquitto.version()).append(", `max_inflight_messages 1000`, loopback\n");
        b.append("- clients: Kite 0.1.0-SNAPSHOT, Eclipse Paho Java 1.2.5, HiveMQ MQTT Client 1.3.10, raw socket;"
                + " JMH 1.37, netty-codec-mqtt 4.1.115.Final\n");
        b.append("- command: `").append(ProcessHandle.current().info().commandLine().orElse("java -jar kite-bench.jar " + args))
                .append("`\n");
        b.append("- load average before (1, 5, 15 min): `").append(load).append("`")
                .append(" — the machine is shared; a 1-minute load above ~0.5 on 2 CPUs means figures measured under contention\n");
        b.append("- rounds: ").append(rounds).append(quick ? " (quick run: smaller counts)" : "").append("\n\n");
        return b.toString();
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String runJmh(boolean quick) throws Exception {
        Options opts = new OptionsBuilder()
                .include("dev\\.kite\\.bench\\..*Bench")
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 3)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Xmx1g")
                .build();
        List<RunResult> results = new ArrayList<>(new Runner(opts).run());
        StringBuilder b = new StringBuilder();
        b.append("## JMH (one thread; `-prof gc`)\n\n");
        b.append("Codec: Kite against Netty's `netty-codec-mqtt`, both called directly (no pipeline). "
                + "Router: 10,000 filters. Publish path: `publish` at QoS 0 into an in-process peer that reads and "
                + "discards (one op = one call; the writer's work and allocation are included).\n\n");
        b.append("| benchmark | params | score | error | unit | alloc B/op |\n|---|---|---:|---:|---|---:|\n");
        for (RunResult r : results) {
            Result<?> p = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("·gc.alloc.rate.norm");
            if (alloc == null) {
                alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            }
            String name = r.getParams().getBenchmark().replace("dev.kite.bench.", "");
            StringBuilder params = new StringBuilder();
            for (String k : r.getParams().getParamsKeys()) {
                params.append(k).append('=').append(r.getParams().getParam(k)).append(' ');
            }
            b.append(String.format("| %s | %s | %.1f | %.1f | %s | %s |%n", name, params.toString().trim(),
                    p.getScore(), p.getScoreError(), p.getScoreUnit(),
                    alloc == null ? "?" : String.format("%.1f", alloc.getScore())));
        }
        b.append('\n');
        return b.toString();
    }

    /** Writes the document, keeping any "## Startup" section (and what follows it) of the old file. */
    private static void write(Path out, String doc) throws IOException {
        String tail = "";
        if (Files.exists(out)) {
            String old = Files.readString(out);
            int i = old.indexOf("\n## Startup");
            if (i >= 0) {
                tail = old.substring(i);
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, doc + tail);
    }

    static Map<String, Double> map() {
        return new LinkedHashMap<>();
    }
}
