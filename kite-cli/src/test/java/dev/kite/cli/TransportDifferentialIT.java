package dev.kite.cli;

import static dev.kite.cli.Tools.run;
import static dev.kite.cli.Tools.subscribed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.cli.Tools.Running;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import dev.kite.testing.Pki;
import dev.kite.testing.ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport flags, differentially: the same pub/sub scenario through mosquitto_pub/sub and
 * kite pub/sub over a TLS listener ({@code --cafile}, {@code --capath}, mutual TLS with
 * {@code --cert/--key}, {@code --insecure}, {@code --tls-version}), a unix socket ({@code --unix})
 * and a SOCKS5 proxy ({@code --proxy socks5h://}, Dante), and the failures a user would meet.
 */
class TransportDifferentialIT {
    private static Pki pki;
    private static Path capath;

    @BeforeAll
    static void makeCertificates() throws Exception {
        MosquittoBroker.assumeAvailable();
        pki = Pki.create();
        capath = Files.createDirectories(pki.dir().resolve("capath"));
        Files.copy(pki.path("ca.pem"), capath.resolve("ca.pem"));
        Files.copy(pki.path("other-ca.pem"), capath.resolve("other-ca.pem"));
        // OpenSSL (mosquitto) finds CApath certificates by subject-hash names; kite reads every file
        Process rehash = new ProcessBuilder("/usr/bin/openssl", "rehash", capath.toString())
                .redirectErrorStream(true).start();
        rehash.getInputStream().readAllBytes();
        assertThat(rehash.waitFor()).isZero();
    }

    @AfterAll
    static void removeCertificates() {
        if (pki != null) {
            pki.close();
        }
    }

    /** A broker with one extra listener; the scenario gets the flags that reach it. */
    private record Listener(MosquittoBroker broker, List<String> flags) {
    }

    private static Listener tls(String cert, boolean requireClient) {
        int port = FreePort.find();
        MosquittoBroker b = MosquittoBroker.builder()
                .config("listener " + port + " 127.0.0.1")
                .config("cafile " + pki.path("ca.pem"))
                .config("certfile " + pki.path(cert + ".pem"))
                .config("keyfile " + pki.path(cert + ".key"))
                .config("require_certificate " + requireClient)
                .start();
        return new Listener(b, List.of("-p", Integer.toString(port)));
    }

    private static Listener unix() {
        try {
            Path socket = Files.createTempDirectory("kite-unix").resolve("mqtt.sock");
            return new Listener(MosquittoBroker.builder().config("listener 0 " + socket).start(),
                    List.of("--unix", socket.toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String show(Result r) {
        return "exit=" + r.exit() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.err() + "\n";
    }

    private static String[] args(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /**
     * Subscribes with two messages expected, publishes them (QoS 1 and 2) and returns what both
     * printed; run once per implementation, each on a fresh broker.
     */
    private static void roundTripSame(java.util.function.Supplier<Listener> broker, List<String> flags) {
        roundTripSame(broker, flags, null);
    }

    /**
     * As {@link #roundTripSame(java.util.function.Supplier, List)}, but kite also prints
     * {@code kiteWarning} on stderr once per run, where mosquitto prints nothing.
     */
    private static void roundTripSame(java.util.function.Supplier<Listener> broker, List<String> flags,
                                      String kiteWarning) {
        Function<Impl, String> scenario = impl -> {
            Listener l = broker.get();
            try (MosquittoBroker b = l.broker()) {
                List<String> all = new ArrayList<>(l.flags());
                all.addAll(flags);
                // Tools.subscribed adds -p with the plain port first; the flags after it win
                Running sub = subscribed(b, impl, "s1", args(all, "-t", "t/#", "-v", "-C", "2", "-q", "2"));
                String out = "pub " + show(run(impl, "pub", args(all, "-t", "t/1", "-m", "one", "-q", "1")));
                out += "pub " + show(run(impl, "pub", args(all, "-t", "t/2", "-m", "two", "-q", "2", "-d",
                        "-i", "p2")));
                return out + show(sub.await());
            }
        };
        String expected = scenario.apply(Impl.MOSQUITTO);
        String actual = scenario.apply(Impl.KITE);
        assertThat(expected).contains("t/1 one").contains("t/2 two");
        if (kiteWarning != null) {
            assertThat(Tools.count(actual, "stderr:\n" + kiteWarning)).as("the warning of each run").isEqualTo(3);
            actual = actual.replace("stderr:\n" + kiteWarning, "stderr:\n");
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void tls_with_cafile() {
        roundTripSame(() -> tls("server", false), List.of("--cafile", pki.path("ca.pem").toString()));
    }

    @Test
    void tls_with_capath_and_tls_version() {
        roundTripSame(() -> tls("server", false), List.of("--capath", capath.toString(), "--tls-version", "tlsv1.2"));
    }

    @Test
    void mutual_tls_with_cert_and_key() {
        roundTripSame(() -> tls("server", true), List.of("--cafile", pki.path("ca.pem").toString(),
                "--cert", pki.path("client.pem").toString(), "--key", pki.path("client.key").toString()));
    }

    /** Kite also says, on one stderr line, what --insecure relaxes; mosquitto says nothing. */
    @Test
    void insecure_accepts_a_certificate_for_another_host_name() {
        roundTripSame(() -> tls("wronghost", false), List.of("--cafile", pki.path("ca.pem").toString(), "--insecure"),
                "Warning: --insecure: the broker's host name is not checked against its certificate; "
                        + "the certificate chain still is.\n");
    }

    @Test
    void insecure_without_tls_relaxes_nothing_and_says_nothing() {
        try (MosquittoBroker b = MosquittoBroker.start()) {
            Result r = run(Impl.KITE, "pub", "-p", Integer.toString(b.port()), "-t", "t", "-m", "m", "--insecure");
            assertThat(show(r)).isEqualTo(show(run(Impl.MOSQUITTO, "pub", "-p", Integer.toString(b.port()),
                    "-t", "t", "-m", "m", "--insecure")));
        }
    }

    /** As mosquitto: TLS options without -p mean port 8883 (skipped when 8883 is taken). */
    @Test
    void tls_without_a_port_uses_8883() {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(8883, 1, java.net.InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("port 8883 is in use here");
        }
        Function<Impl, String> scenario = impl -> {
            try (MosquittoBroker b = MosquittoBroker.builder()
                    .config("listener 8883 127.0.0.1")
                    .config("certfile " + pki.path("server.pem"))
                    .config("keyfile " + pki.path("server.key"))
                    .start()) {
                // the subscriber on the plain listener; the publisher with --cafile and no -p
                Running sub = subscribed(b, impl, "s1", "-t", "t", "-v", "-C", "1");
                String out = "pub " + show(run(impl, "pub", "-h", "localhost", "--cafile", pki.path("ca.pem").toString(),
                        "-t", "t", "-m", "via 8883", "-q", "1", "-i", "p8883"));
                Tools.awaitLog(b, "New client connected from 127.0.0.1:");
                return out + show(sub.await());
            }
        };
        String expected = scenario.apply(Impl.MOSQUITTO);
        assertThat(expected).contains("t via 8883");
        assertThat(scenario.apply(Impl.KITE)).isEqualTo(expected);
    }

    @Test
    void unix_socket() {
        roundTripSame(TransportDifferentialIT::unix, List.of());
    }

    @Test
    void through_a_socks5h_proxy() {
        try (ProxyServer dante = ProxyServer.dante()) {
            roundTripSame(() -> {
                MosquittoBroker b = MosquittoBroker.start();
                return new Listener(b, List.of("-h", "localhost", "-p", Integer.toString(b.port())));
            }, List.of("--proxy", "socks5h://127.0.0.1:" + dante.port()));
            assertThat(Tools.count(dante.log(), "tcp/connect [")).as("connections through Dante").isGreaterThanOrEqualTo(6);
        }
    }

    /**
     * Failures: mosquitto exits 8 (MOSQ_ERR_TLS, "A TLS error occurred."), or 1 when the handshake
     * fails inside its connect call, or 2 ("Protocol error") or 7 (connection lost) when a TLS 1.3
     * broker refuses the client certificate after the handshake, depending on timing; kite always
     * exits 8 with "A TLS error occurred.".
     */
    @Test
    void tls_failures_exit_non_zero_like_mosquitto() {
        Listener wrongHost = tls("wronghost", false);
        Listener mutual = tls("server", true);
        try (MosquittoBroker a = wrongHost.broker(); MosquittoBroker b = mutual.broker()) {
            for (List<String> flags : List.of(
                    args(wrongHost.flags(), "--cafile", pki.path("ca.pem").toString()),
                    args(wrongHost.flags(), "--cafile", pki.path("other-ca.pem").toString()),
                    args(mutual.flags(), "--cafile", pki.path("ca.pem").toString(), "--cert",
                            pki.path("other-client.pem").toString(), "--key", pki.path("other-client.key").toString()))
                    .stream().map(List::of).toList()) {
                Result mosq = run(Impl.MOSQUITTO, "pub", args(flags, "-t", "x", "-m", "y", "-q", "1"));
                Result kite = run(Impl.KITE, "pub", args(flags, "-t", "x", "-m", "y", "-q", "1"));
                assertThat(mosq.exit()).as(flags.toString()).isNotZero();
                assertThat(kite.exit()).as(flags.toString()).isEqualTo(8);
                assertThat(kite.err()).isEqualTo("Error: A TLS error occurred.\n");
                assertThat(kite.stdout()).isEqualTo(mosq.stdout());
            }
        }
    }
}
