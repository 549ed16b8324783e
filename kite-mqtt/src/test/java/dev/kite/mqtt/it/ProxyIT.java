package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import dev.kite.testing.Pki;
import dev.kite.testing.ProxyServer;
import dev.kite.mqtt.testing.Socks5Peer;
import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tunnels through real proxies started by the tests: Dante (SOCKS5) and tinyproxy (HTTP CONNECT,
 * with and without basic credentials), a scripted SOCKS5 peer for SOCKS5 credentials, and
 * {@code all_proxy} in a child JVM's environment.
 */
class ProxyIT {
    private static final String SECRET = "pr0xy-s3cret";

    private static Pki pki;
    private static MosquittoBroker broker;
    private static int tlsPort;

    @BeforeAll
    static void start() {
        MosquittoBroker.assumeAvailable();
        pki = Pki.create();
        tlsPort = FreePort.find();
        broker = MosquittoBroker.builder()
                .config("listener " + tlsPort + " 127.0.0.1")
                .config("certfile " + pki.path("server.pem"))
                .config("keyfile " + pki.path("server.key"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (pki != null) {
            pki.close();
        }
    }

    @Test
    void socks5ThroughDante() {
        try (ProxyServer dante = ProxyServer.dante()) {
            RoundTrip.check(new ClientOptions().addBroker(broker.uri())
                    .setProxy(ProxyConfig.socks5("127.0.0.1", dante.port())));
            assertThat(dante.log()).contains("127.0.0.1." + broker.port());
        }
    }

    @Test
    void socks5hThroughDanteResolvesRemotely() {
        try (ProxyServer dante = ProxyServer.dante()) {
            RoundTrip.check(new ClientOptions().addBroker("tcp://localhost:" + broker.port())
                    .setProxy(ProxyConfig.parse("socks5h://127.0.0.1:" + dante.port())));
        }
    }

    @Test
    void tlsThroughDante() {
        try (ProxyServer dante = ProxyServer.dante()) {
            RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + tlsPort)
                    .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem")).build())
                    .setProxy(ProxyConfig.socks5("127.0.0.1", dante.port())));
        }
    }

    @Test
    void socks5WithCredentials() {
        try (Socks5Peer peer = new Socks5Peer("kite", SECRET)) {
            RoundTrip.check(new ClientOptions().addBroker("tcp://localhost:" + broker.port())
                    .setProxy(ProxyConfig.socks5("127.0.0.1", peer.port()).withRemoteDns()
                            .withCredentials("kite", SECRET.toCharArray())));
            assertThat(peer.targets()).containsExactly("localhost:" + broker.port());
        }
    }

    @Test
    void socks5LocalResolutionSendsAnAddress() {
        try (Socks5Peer peer = new Socks5Peer("kite", SECRET)) {
            RoundTrip.check(new ClientOptions().addBroker("tcp://localhost:" + broker.port())
                    .setProxy(ProxyConfig.parse("socks5://kite:" + SECRET + "@127.0.0.1:" + peer.port())));
            assertThat(peer.targets()).hasSize(1).noneMatch(t -> t.startsWith("localhost"));
        }
    }

    @Test
    void socks5WrongOrMissingCredentialsAreClearAndSecret() {
        try (Socks5Peer peer = new Socks5Peer("kite", SECRET)) {
            String[] logged = new String[1];
            Throwable wrong = capturingStderr(logged, () -> RoundTrip.connectError(new ClientOptions()
                    .addBroker(broker.uri())
                    .setProxy(ProxyConfig.socks5("127.0.0.1", peer.port())
                            .withCredentials("kite", "not-the-secret".toCharArray()))));
            assertThat(wrong).isInstanceOf(MqttConnectionException.class).hasMessageContaining("rejected the user name")
                    .hasMessageNotContaining("not-the-secret");
            assertThat(logged[0]).doesNotContain("not-the-secret");
            Throwable none = RoundTrip.connectError(new ClientOptions().addBroker(broker.uri())
                    .setProxy(ProxyConfig.socks5("127.0.0.1", peer.port())));
            assertThat(none).hasMessageContaining("accepts none of the offered methods");
        }
    }

    @Test
    void httpConnectThroughTinyproxy() {
        try (ProxyServer tiny = ProxyServer.tinyproxy(null, null)) {
            RoundTrip.check(new ClientOptions().addBroker(broker.uri())
                    .setProxy(ProxyConfig.http("127.0.0.1", tiny.port())));
            assertThat(tiny.log()).contains("CONNECT");
        }
    }

    @Test
    void httpConnectWithBasicCredentials() {
        try (ProxyServer tiny = ProxyServer.tinyproxy("kite", SECRET)) {
            RoundTrip.check(new ClientOptions().addBroker("ssl://127.0.0.1:" + tlsPort)
                    .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem")).build())
                    .setProxy(ProxyConfig.parse("http://kite:" + SECRET + "@127.0.0.1:" + tiny.port())));
            Throwable missing = RoundTrip.connectError(new ClientOptions().addBroker(broker.uri())
                    .setProxy(ProxyConfig.http("127.0.0.1", tiny.port())));
            assertThat(missing).hasMessageContaining("407").hasMessageContaining("requires credentials");
            String[] logged = new String[1];
            Throwable wrong = capturingStderr(logged, () -> RoundTrip.connectError(new ClientOptions()
                    .addBroker(broker.uri())
                    .setProxy(ProxyConfig.http("127.0.0.1", tiny.port())
                            .withCredentials("kite", "wrong-pass".toCharArray()))));
            assertThat(wrong).hasMessageContaining("credentials were refused")
                    .hasMessageNotContaining("wrong-pass");
            assertThat(logged[0]).doesNotContain("wrong-pass");
        }
    }

    @Test
    void aSilentProxyIsBoundedByTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(silent.accept());
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.start();
            long start = System.nanoTime();
            try (var c = dev.kite.mqtt.MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setAutoReconnect(false).setConnectTimeout(Duration.ofSeconds(1))
                    .setProxy(ProxyConfig.socks5("127.0.0.1", silent.getLocalPort())))) {
                var t = c.connect();
                assertThat(t.waitFor(Duration.ofSeconds(10))).isTrue();
                assertThat(t.error()).hasMessageContaining("timed out");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void noProxyBypassesTheProxy() {
        int dead = FreePort.find();
        RoundTrip.check(new ClientOptions().addBroker(broker.uri())
                .setProxy(ProxyConfig.socks5("127.0.0.1", dead).withBypass("example.com, 127.0.0.0/8")));
    }

    @Test
    void allProxyInAChildJvmEnvironment() throws Exception {
        try (ProxyServer dante = ProxyServer.dante()) {
            int exit = runChild("socks5://127.0.0.1:" + dante.port(), null);
            assertThat(exit).isZero();
            assertThat(dante.log()).contains("127.0.0.1." + broker.port());
        }
        int dead = FreePort.find();
        assertThat(runChild("socks5://127.0.0.1:" + dead, "localhost,127.0.0.1")).as("no_proxy bypass").isZero();
        assertThat(runChild("socks5://127.0.0.1:" + dead, null)).as("dead proxy fails").isNotZero();
    }

    private static int runChild(String allProxy, String noProxy) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ProxyEnvMain.class.getName(), broker.uri());
        pb.environment().remove("ALL_PROXY");
        pb.environment().remove("NO_PROXY");
        pb.environment().remove("no_proxy");
        pb.environment().put("all_proxy", allProxy);
        if (noProxy != null) {
            pb.environment().put("no_proxy", noProxy);
        }
        File out = Files.createTempFile("kite-child", ".log").toFile();
        Process p = pb.redirectErrorStream(true).redirectOutput(out).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish: " + Files.readString(out.toPath()));
            }
            return p.exitValue();
        } finally {
            out.delete();
        }
    }

    private static Throwable capturingStderr(String[] captured, Supplier<Throwable> body) {
        PrintStream original = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return body.get();
        } finally {
            System.setErr(original);
            captured[0] = buf.toString(StandardCharsets.UTF_8);
        }
    }
}
