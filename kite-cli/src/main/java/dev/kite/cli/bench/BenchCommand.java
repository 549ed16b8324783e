package dev.kite.cli.bench;

import dev.kite.cli.mosq.BrokerTarget;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kite bench}: load from one process. Broker and TLS flags are those of kite pub/sub
 * (parsed by the same code), so {@code -h -p -L --cafile --cert --key --unix --proxy} work
 * everywhere they work for pub and sub.
 */
@Command(name = "bench", sortOptions = false, usageHelpAutoWidth = true,
        // the first line is the summary 'kite --help' shows: a whole sentence
        description = {"Load an MQTT broker from one process and measure it.", "Modes:",
            "  pub     N clients publish -n messages each (or for -d seconds), at -r",
            "          msg/s each; --sub: also subscribe here and measure latency",
            "  sub     N clients subscribe (-t, %%i = client number), count arrivals;",
            "          latency from the wall-clock stamp of another kite bench pub",
            "  pubsub  N subscribers and N publishers here, client i on topic i:",
            "          end-to-end latency from a nanoTime stamp in the payload",
            "  conn    connect N clients (--conn-rate per second), hold them -d seconds",
            "A progress line once a second (rewritten in place on a terminal), then a",
            "summary table, or JSON with --json. Exit code 0 when every client",
            "connected, nothing failed and every expected message arrived; 1",
            "otherwise; 2 for a bad argument.", ""},
        exitCodeOnInvalidInput = 2)
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODE", description = "pub, sub, pubsub or conn")
    String mode;

    @Option(names = {"-c", "--clients"}, defaultValue = "1", description = "clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = {"-r", "--rate"}, defaultValue = "0",
            description = "messages per second per publishing client; 0 = as fast as acknowledgements allow")
    double rate;

    @Option(names = {"-q", "--qos"}, defaultValue = "0", description = "QoS of publishes and subscriptions")
    int qos;

    @Option(names = {"-s", "--size"}, defaultValue = "64",
            description = "payload bytes (default ${DEFAULT-VALUE}; at least 24 to carry a latency stamp)")
    int size;

    @Option(names = {"-t", "--topic"}, defaultValue = "kite/bench/%i",
            description = "topic; %%i is the client number (default ${DEFAULT-VALUE})")
    String topic;

    @Option(names = {"-n", "--count"}, description = "messages per publishing client (pub, pubsub; default 100 "
            + "without -d), or to receive per client (sub)")
    Long count;

    @Option(names = {"-d", "--duration"}, description = "seconds to publish (pub, pubsub), to listen (sub) or to "
            + "hold the connections (conn, default 1)")
    Double duration;

    @Option(names = "--conn-rate", defaultValue = "0", description = "connects per second; 0 = as fast as possible "
            + "(at most " + Bench.CONNECTING + " handshakes at once)")
    double connRate;

    @Option(names = "--sub", description = "pub: also subscribe in this process (as pubsub), for latency")
    boolean sub;

    @Option(names = "--window", defaultValue = "100",
            description = "publishes not yet acknowledged (QoS 1/2) or written (QoS 0) per client (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--timeout", defaultValue = "600", description = "hard limit of the whole run in seconds "
            + "(default ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = {"-i", "--id-prefix"}, description = "client id prefix (default kite-bench-PID-); ids are "
            + "prefix + p|s|c + number")
    String idPrefix;

    @Option(names = "--json", description = "print the summary as JSON on stdout (progress goes to stderr)")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "show this help")
    boolean help;

    // broker flags: handed to the pub/sub parser as they were written
    @Option(names = {"-h", "--host"}, description = "broker host (default localhost)")
    String host;
    @Option(names = {"-p", "--port"}, description = "broker port (default 1883, 8883 with TLS)")
    String port;
    @Option(names = {"-L", "--url"}, description = "mqtt://, mqtts://, ws://, wss://[user[:pass]@]host[:port][/path]")
    String url;
    @Option(names = {"-u", "--username"}, description = "user name")
    String username;
    @Option(names = {"-P", "--pw"}, description = "password")
    String password;
    @Option(names = {"-k", "--keepalive"}, description = "keepalive seconds (default 60)")
    String keepalive;
    @Option(names = {"-V", "--protocol-version"}, description = "mqttv311 (default) or mqttv31")
    String protocol;
    @Option(names = {"-M"}, description = "MQTT in-flight window of each client (default 20)")
    String maxInflight;
    @Option(names = "--cafile", description = "CA certificates (PEM): TLS on")
    String cafile;
    @Option(names = "--capath", description = "directory of CA certificates: TLS on")
    String capath;
    @Option(names = "--cert", description = "client certificate (PEM)")
    String cert;
    @Option(names = "--key", description = "client private key (PEM)")
    String key;
    @Option(names = "--insecure", description = "do not check the server's host name")
    boolean insecure;
    @Option(names = "--tls-version", description = "tlsv1.3, tlsv1.2 or tlsv1.1")
    String tlsVersion;
    @Option(names = "--unix", description = "unix socket path")
    String unix;
    @Option(names = "--proxy", description = "socks5h://[user[:pass]@]host[:port]")
    String proxy;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream err = System.err;
        BenchConfig cfg = config(err);
        if (cfg == null) {
            return 2;
        }
        BrokerTarget target = BrokerTarget.parse(brokerFlags(), err);
        if (target == null) {
            return 2;
        }
        PrintStream out = System.out;
        PrintStream progressOut = json ? System.err : out;
        boolean terminal = !json && stdoutIsTerminal();
        Bench bench = new Bench(cfg, target);
        // Ctrl-C (SIGINT) or SIGTERM: stop the loops, and keep the JVM alive until the summary of
        // what ran so far is printed
        java.util.concurrent.CountDownLatch printed = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            bench.stop();
            try {
                printed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kite-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Summary summary;
        try {
            try (Progress progress = new Progress(bench, progressOut, terminal)) {
                progress.start();
                bench.run();
            } finally {
                bench.disconnectAll();
            }
            summary = new Summary(cfg, bench, target.uri());
            out.print(json ? summary.json() + "\n" : summary.table());
            out.flush();
        } finally {
            printed.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (SIGINT): the summary above is what there is
        }
        return summary.ok() ? 0 : 1;
    }

    // Java 17: a console exists only when stdin and stdout are terminals. Java 22+ returns one in
    // more cases and says through isTerminal() whether it really is one.
    private static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private BenchConfig config(PrintStream err) {
        BenchConfig.Mode m;
        try {
            m = BenchConfig.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return bad(err, "unknown mode '" + mode + "': use pub, sub, pubsub or conn");
        }
        if (m == BenchConfig.Mode.PUB && sub) {
            m = BenchConfig.Mode.PUBSUB;
        }
        if ((m == BenchConfig.Mode.PUB || m == BenchConfig.Mode.PUBSUB) && (topic.contains("+") || topic.contains("#"))) {
            return bad(err, "-t '" + topic + "': a topic to publish to has no wildcards");
        }
        if (clients < 1) {
            return bad(err, "-c must be at least 1");
        }
        if (qos < 0 || qos > 2) {
            return bad(err, "-q must be 0, 1 or 2");
        }
        if (size < 0 || size > 268_435_000) {
            return bad(err, "-s must be between 0 and 268435000 bytes");
        }
        if (rate < 0 || connRate < 0 || window < 1 || timeout <= 0) {
            return bad(err, "-r and --conn-rate must be >= 0, --window >= 1, --timeout > 0");
        }
        if ((count != null && count < 1) || (duration != null && duration <= 0)) {
            return bad(err, "-n must be >= 1 and -d > 0");
        }
        long n = count != null ? count : (duration == null && m != BenchConfig.Mode.CONN ? 100 : 0);
        long d = duration == null ? 0 : (long) (duration * 1e9);
        String prefix = idPrefix != null ? idPrefix : "kite-bench-" + ProcessHandle.current().pid() + "-";
        return new BenchConfig(m, clients, rate, qos, size, topic, n, d, connRate, window,
                (long) (timeout * 1e9), prefix);
    }

    private static BenchConfig bad(PrintStream err, String message) {
        err.println("kite bench: " + message);
        return null;
    }

    private List<String> brokerFlags() {
        List<String> f = new ArrayList<>();
        add(f, "-h", host);
        add(f, "-p", port);
        if (url != null) {
            // mosquitto's -L wants a topic path; bench takes its topic from -t
            String u = url;
            boolean mqtt = u.toLowerCase(Locale.ROOT).startsWith("mqtt");
            if (mqtt && u.indexOf('/', u.indexOf("://") + 3) < 0) {
                u += "/unused";
            }
            add(f, "-L", u);
        }
        add(f, "-u", username);
        add(f, "-P", password);
        add(f, "-k", keepalive);
        add(f, "-V", protocol);
        add(f, "-M", maxInflight);
        add(f, "--cafile", cafile);
        add(f, "--capath", capath);
        add(f, "--cert", cert);
        add(f, "--key", key);
        if (insecure) {
            f.add("--insecure");
        }
        add(f, "--tls-version", tlsVersion);
        add(f, "--unix", unix);
        add(f, "--proxy", proxy);
        return f;
    }

    private static void add(List<String> f, String flag, String value) {
        if (value != null) {
            f.add(flag);
            f.add(value);
        }
    }
}
