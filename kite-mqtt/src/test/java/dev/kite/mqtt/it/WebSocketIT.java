package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.testing.Pki;
import dev.kite.testing.ProxyServer;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.mqtt.transport.ProxyConfig;
import dev.kite.mqtt.transport.TlsConfig;
import dev.kite.mqtt.transport.WebsocketOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ws} and {@code wss} against the embedded HiveMQ's WebSocket listeners (plain and TLS). */
class WebSocketIT {
    private static Pki pki;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        pki = Pki.create();
        broker = EmbeddedBroker.startWithTlsWebSocket(pki.path("server.p12"), Pki.P12_PASSWORD);
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
    void wsRoundTrips() {
        RoundTrip.check(new ClientOptions().addBroker(broker.webSocketUri()));
    }

    @Test
    void wssRoundTripsWithTheTestCa() {
        RoundTrip.check(new ClientOptions().addBroker(broker.secureWebSocketUri())
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("ca.pem")).build()));
    }

    @Test
    void wssWithWrongCaSaysUnknownCa() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker(broker.secureWebSocketUri())
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("other-ca.pem")).build()));
        assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("unknown CA");
    }

    @Test
    void wssSkipVerificationConnectsWhateverTheCa() {
        RoundTrip.check(new ClientOptions().addBroker(broker.secureWebSocketUri())
                .setTlsConfig(TlsConfig.builder().trustPem(pki.path("other-ca.pem")).insecureSkipVerify().build()));
    }

    @Test
    void packetsSpanManySmallMessagesBothWays() {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) 'k');
        Recorder rec = new Recorder();
        ClientOptions opts = new ClientOptions().addBroker(broker.webSocketUri())
                .setWebsocketOptions(new WebsocketOptions(1024, 100)).setConnectTimeout(RoundTrip.WAIT);
        try (MqttClient c = MqttClient.create(opts)) {
            c.connect().await();
            c.subscribe("kite/ws/big", 1, rec).await();
            for (int i = 0; i < 5; i++) {
                c.publish("kite/ws/big", 1, false, big).await();
            }
            rec.awaitCount(5, RoundTrip.WAIT);
            assertThat(rec.messages()).allSatisfy(m -> assertThat(m.payload()).isEqualTo(big));
        }
    }

    @Test
    void throughAnHttpProxy() {
        try (ProxyServer proxy = ProxyServer.tinyproxy(null, null)) {
            RoundTrip.check(new ClientOptions().addBroker(broker.webSocketUri())
                    .setWebsocketOptions(WebsocketOptions.defaults()
                            .withProxy(ProxyConfig.http("127.0.0.1", proxy.port()))));
            assertThat(proxy.log()).contains("CONNECT");
        }
    }

    @Test
    void upgradeCarriesPathSubprotocolAndUserHeaders() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    String head = readHead(s.getInputStream());
                    s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return head;
                } catch (Exception e) {
                    return e.toString();
                }
            });
            ClientOptions opts = new ClientOptions().addBroker("ws://127.0.0.1:" + server.getLocalPort() + "/some/path")
                    .setHttpHeaders(Map.of("X-Kite-Test", List.of("yes"), "Authorization", List.of("Bearer t0k")));
            Throwable e = RoundTrip.connectError(opts);
            String head = request.get(10, TimeUnit.SECONDS);
            assertThat(head).startsWith("GET /some/path HTTP/1.1")
                    .containsIgnoringCase("Sec-WebSocket-Protocol: mqtt")
                    .containsIgnoringCase("X-Kite-Test: yes")
                    .containsIgnoringCase("Authorization: Bearer t0k");
            assertThat(e).isInstanceOf(MqttConnectionException.class).hasMessageContaining("403");
        }
    }

    @Test
    void restrictedHeaderIsAClearError() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker(broker.webSocketUri())
                .setHttpHeaders(Map.of("Connection", List.of("close"))));
        assertThat(e).hasMessageContaining("Connection");
    }

    @Test
    void disconnectAndReconnectOverWebSocket() {
        ClientOptions opts = new ClientOptions().addBroker(broker.webSocketUri()).setConnectTimeout(RoundTrip.WAIT);
        for (int i = 0; i < 3; i++) {
            try (MqttClient c = MqttClient.create(opts)) {
                ConnectToken t = c.connect();
                t.await();
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
