package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.cli.Tools.Running;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import dev.kite.testing.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each mode of kite bench against a real Mosquitto with small numbers, checking the JSON
 * summary's counts against what the broker and mosquitto_sub/mosquitto_pub saw.
 */
class BenchIT {
    private static Result bench(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Result r = Tools.run(Impl.KITE, "bench", all.toArray(String[]::new));
        assertThat(r.stdout()).as("stderr: " + r.err()).startsWith("{").endsWith("}\n");
        return r;
    }

    private static long field(Result r, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(-?[0-9.]+)").matcher(r.stdout());
        assertThat(m.find()).as(name + " in " + r.stdout()).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static long latencyCount(Result r) {
        Matcher m = Pattern.compile("\"latencyMillis\":\\{\"count\":([0-9]+)").matcher(r.stdout());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void pub_sends_every_message_and_mosquitto_sub_receives_them() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            Running watcher = Tools.subscribed(b, Impl.MOSQUITTO, "watcher", "-t", "kite/bench/#", "-q", "1",
                    "-C", "500", "-W", "30", "-F", "%t");
            Result r = bench("pub", "-p", Integer.toString(b.port()), "-c", "5", "-n", "100", "-q", "1");
            assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
            assertThat(field(r, "connected")).isEqualTo(5);
            assertThat(field(r, "sent")).isEqualTo(500);
            assertThat(field(r, "errors")).isZero();
            Result seen = watcher.await();
            assertThat(seen.exit()).isZero();
            assertThat(seen.stdout().lines().count()).isEqualTo(500);
            // progress goes to stderr with --json, one plain line per second
            assertThat(r.err()).doesNotContain("\r");
        }
    }

    @Test
    void pubsub_measures_latency_of_every_message() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            Result r = bench("pubsub", "-p", Integer.toString(b.port()), "-c", "5", "-n", "100", "-q", "1");
            assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
            assertThat(field(r, "connected")).isEqualTo(10);
            assertThat(field(r, "sent")).isEqualTo(500);
            assertThat(field(r, "received")).isEqualTo(500);
            assertThat(field(r, "expected")).isEqualTo(500);
            assertThat(latencyCount(r)).isEqualTo(500);
            assertThat(r.stdout()).contains("\"latencyClock\":\"nanoTime (same process)\"");
        }
    }

    @Test
    void pub_with_sub_at_a_rate_and_qos_2() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            long t0 = System.nanoTime();
            Result r = bench("pub", "--sub", "-p", Integer.toString(b.port()), "-c", "3", "-n", "20", "-r", "20",
                    "-q", "2", "-s", "1000");
            assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
            assertThat(field(r, "received")).isEqualTo(60);
            // 20 messages at 20/s take about a second
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(900));
            assertThat(field(r, "durationSeconds")).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void sub_counts_what_mosquitto_pub_sends() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            Running sub = Tools.start(Impl.KITE, "bench", null, "sub", "-p", Integer.toString(b.port()), "-c", "5",
                    "-n", "100", "-q", "1", "-i", "bs", "--json", "--timeout", "60");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Tools.count(b.log(), "Received SUBSCRIBE from bss") >= 5 || !sub.process.isAlive());
            for (int i = 0; i < 5; i++) {
                Result p = Tools.run(Impl.MOSQUITTO, "pub", "-p", Integer.toString(b.port()), "-t", "kite/bench/" + i,
                        "-m", "x", "-q", "1", "--repeat", "100");
                assertThat(p.exit()).isZero();
            }
            Result r = sub.await();
            assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
            assertThat(field(r, "received")).isEqualTo(500);
            assertThat(field(r, "connected")).isEqualTo(5);
            assertThat(latencyCount(r)).isZero();   // 1-byte payloads carry no stamp
        }
    }

    @Test
    void conn_holds_every_connection() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            Result r = bench("conn", "-p", Integer.toString(b.port()), "-c", "40", "--conn-rate", "200", "-d", "0.5",
                    "-i", "hold");
            assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
            assertThat(field(r, "connected")).isEqualTo(40);
            assertThat(field(r, "connectFailed")).isZero();
            assertThat(Tools.count(b.log(), "New client connected from 127.0.0.1")).isEqualTo(40);
            assertThat(r.stdout()).contains("\"connectMillis\":{\"count\":40");
        }
    }

    @Test
    void conn_counts_refused_clients_and_exits_1() {
        try (MosquittoBroker b = MosquittoBroker.builder().credentials("kite", "secret").start()) {
            Result r = bench("conn", "-p", Integer.toString(b.port()), "-c", "3", "-d", "0.2");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(field(r, "connectFailed")).isEqualTo(3);
            assertThat(r.stdout()).contains("not authorised");
        }
    }

    @Test
    void pubsub_over_mutual_tls_and_conn_over_a_unix_socket() throws Exception {
        try (Pki pki = Pki.create()) {
            int tls = FreePort.find();
            Path socket = Files.createTempDirectory("kite-bench").resolve("mqtt.sock");
            try (MosquittoBroker b = MosquittoBroker.builder()
                    .config("listener " + tls + " 127.0.0.1")
                    .config("cafile " + pki.path("ca.pem"))
                    .config("certfile " + pki.path("server.pem"))
                    .config("keyfile " + pki.path("server.key"))
                    .config("require_certificate true")
                    .config("listener 0 " + socket)
                    .start()) {
                Result r = bench("pubsub", "-h", "localhost", "-p", Integer.toString(tls), "-c", "2", "-n", "50",
                        "-q", "1", "--cafile", pki.path("ca.pem").toString(), "--cert", pki.path("client.pem").toString(),
                        "--key", pki.path("client.key").toString());
                assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
                assertThat(r.stdout()).contains("\"broker\":\"ssl://localhost:" + tls + "\"");
                assertThat(field(r, "received")).isEqualTo(100);
                Result u = bench("conn", "--unix", socket.toString(), "-c", "10", "-d", "0.2");
                assertThat(u.exit()).as(u.stdout() + u.err()).isZero();
                assertThat(field(u, "connected")).isEqualTo(10);
            }
        }
    }

    @Test
    void bad_arguments_exit_2_with_pub_sub_messages() {
        Result mode = Tools.run(Impl.KITE, "bench", "flood");
        assertThat(mode.exit()).isEqualTo(2);
        assertThat(mode.err()).contains("unknown mode 'flood'");
        Result wildcard = Tools.run(Impl.KITE, "bench", "pub", "-t", "a/#");
        assertThat(wildcard.exit()).isEqualTo(2);
        assertThat(wildcard.err()).contains("has no wildcards");
        Result cert = Tools.run(Impl.KITE, "bench", "conn", "--cafile", "/nonexistent/ca.pem");
        assertThat(cert.exit()).isEqualTo(2);
        assertThat(cert.err()).contains("Error: Problem setting TLS options: File not found.");
    }
}
