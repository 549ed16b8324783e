package dev.kite.mqtt.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.testing.CapturingLogs;
import dev.kite.mqtt.testing.Logs;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.mqtt.transport.ProxyConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Passwords and proxy credentials reach the wire and nowhere else: not logs, not
 * {@code toString()}, not exception messages, not packet descriptions.
 */
class SecretsIT {
    private static final String SECRET = "s3cret-Pa55";

    /** How a connect that cannot succeed ended, and what the library logged meanwhile. */
    private record Failed(Throwable error, String log) {
        /** Checks that the secret is in neither the error, any of its causes, nor the log. */
        Failed secretFree() {
            assertThat(error).isNotNull();
            assertThat(messages(error)).doesNotContain(SECRET);
            assertThat(log).as("the capture sees the library's log").contains("connect failed").doesNotContain(SECRET);
            return this;
        }
    }

    private static Failed failedConnect(ClientOptions options) throws Exception {
        Throwable[] error = new Throwable[1];
        // what is printed, and every event from DEBUG up (a failed connect is logged at DEBUG)
        try (CapturingLogs.Capture capture = CapturingLogs.start()) {
            String printed = Logs.stderrOf(() -> {
                try (MqttClient c = MqttClient.create(options)) {
                    ConnectToken t = c.connect();
                    t.waitFor(Duration.ofSeconds(10));
                    error[0] = t.error();
                }
            });
            String log = printed + capture.events().stream().map(e -> e.level() + " " + e.message() + "\n")
                    .collect(Collectors.joining());
            return new Failed(error[0], log);
        }
    }

    /** A peer that accepts every connection and keeps its CONNECT in {@code connects}. */
    private static MockBroker accepting(BlockingQueue<Connect> connects) {
        return new MockBroker(p -> {
            connects.add(p.expect(Connect.class, 10));
            p.send(new Connack(false, 0));
            p.drain();
        });
    }

    /** The messages of an error and of all its causes. */
    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    @Test
    void passwordAsCharsAndBytesReachesTheBrokerExactlyAndIsCopied() throws Exception {
        BlockingQueue<Connect> connects = new LinkedBlockingQueue<>();
        try (MockBroker broker = accepting(connects)) {
            char[] chars = SECRET.toCharArray();
            ClientOptions opts = new ClientOptions().addBroker(broker.uri()).setClientId("pw").setUsername("u")
                    .setPassword(chars);
            chars[0] = 'X'; // the option keeps its own copy
            try (MqttClient c = MqttClient.create(opts)) {
                c.connect().await();
            }
            assertThat(connects.poll(5, TimeUnit.SECONDS).password()).isEqualTo(SECRET.getBytes(UTF_8));

            byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 0x28, 7};
            ClientOptions binOpts = new ClientOptions().addBroker(broker.uri()).setClientId("pw2").setUsername("u")
                    .setPassword(binary.clone());
            try (MqttClient c = MqttClient.create(binOpts)) {
                c.connect().await();
            }
            assertThat(connects.poll(5, TimeUnit.SECONDS).password()).isEqualTo(binary);
        }
    }

    @Test
    void passwordIsInNoLogToStringExceptionOrPacketDescription() throws Exception {
        List<String> described = new CopyOnWriteArrayList<>();
        try (MockBroker broker = new MockBroker(p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 4)); // bad user name or password
        })) {
            ClientOptions opts = new ClientOptions().addBroker(broker.uri()).setClientId("pw").setUsername("u")
                    .setPassword(SECRET).setProxy(ProxyConfig.NONE)
                    .setPacketListener((PacketListener.Direction d, String line) -> described.add(line));
            ConnectToken[] token = new ConnectToken[1];
            String log = Logs.stderrOf(() -> {
                try (MqttClient c = MqttClient.create(opts)) {
                    token[0] = c.connect();
                    token[0].waitFor(Duration.ofSeconds(10));
                    assertThat(c.optionsReader().toString()).doesNotContain(SECRET);
                    assertThat(c.toString()).doesNotContain(SECRET);
                }
            });
            assertThat(token[0].error()).hasMessageContaining("bad user name or password").hasMessageNotContaining(SECRET);
            assertThat(log).doesNotContain(SECRET);
            assertThat(described).isNotEmpty().noneMatch(l -> l.contains(SECRET));
            assertThat(opts.toString()).doesNotContain(SECRET);
            assertThat(new Connect(dev.kite.mqtt.ProtocolVersion.MQTT_3_1_1, false, true, 0, "c", null, "u",
                    SECRET.getBytes(UTF_8)).toString()).doesNotContain(SECRET).contains("password=****");
        }
    }

    @Test
    void passwordInTheBrokerUriIsInNoErrorOrLog() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String uri = "tcp://user:" + SECRET + "@127.0.0.1:" + closedPort;
        failedConnect(new ClientOptions().addBroker(uri).setClientId("uri")).secretFree();
    }

    @Test
    void proxyCredentialsAreInNoToStringErrorOrLog() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ProxyConfig proxy = ProxyConfig.parse("http://puser:" + SECRET + "@127.0.0.1:" + closedPort);
        assertThat(proxy.toString()).doesNotContain(SECRET).contains("****@");
        ProxyConfig socks = ProxyConfig.socks5("127.0.0.1", closedPort).withCredentials("puser", SECRET.toCharArray());
        assertThat(socks.toString()).doesNotContain(SECRET);
        for (ProxyConfig p : List.of(proxy, socks)) {
            failedConnect(new ClientOptions().addBroker("tcp://127.0.0.1:1883").setClientId("proxy").setProxy(p))
                    .secretFree();
        }
    }

    @Test
    void passwordOfAUnixBrokerUriIsInNoErrorOrLog() throws Exception {
        String uri = "unix://user:" + SECRET + "@/nonexistent/kite-secrets.sock";
        Failed failed = failedConnect(new ClientOptions().addBroker(uri).setClientId("unix")).secretFree();
        // the transports never see the user information: they name the socket without it
        assertThat(messages(failed.error())).contains("unix:///nonexistent/kite-secrets.sock");
    }

    @Test
    void brokersAreHandedOutWithoutUserInfoWhileTheConnectStillCarriesIt() throws Exception {
        BlockingQueue<Connect> connects = new LinkedBlockingQueue<>();
        try (MockBroker broker = accepting(connects)) {
            String plain = broker.uri();
            String withUser = plain.replace("tcp://", "tcp://user:" + SECRET + "@");
            List<URI> attempted = new CopyOnWriteArrayList<>();
            ClientOptions opts = new ClientOptions().addBroker(withUser).setClientId("info")
                    .setConnectionAttemptHandler((uri, tls) -> {
                        attempted.add(uri);
                        return tls;
                    });
            assertThat(opts.brokers()).containsExactly(URI.create(plain));
            try (MqttClient c = MqttClient.create(opts)) {
                c.connect().await();
                assertThat(c.optionsReader().brokers()).containsExactly(URI.create(plain));
                assertThat(c.optionsReader().toString()).doesNotContain(SECRET);
            }
            assertThat(attempted).containsExactly(URI.create(plain));
            Connect connect = connects.poll(5, TimeUnit.SECONDS);
            assertThat(connect.username()).isEqualTo("user");
            assertThat(connect.password()).isEqualTo(SECRET.getBytes(UTF_8));
        }
    }

    @Test
    void userInfoIsPercentDecodedAsRfc3986SaysAndAPlusStaysAPlus() throws Exception {
        BlockingQueue<Connect> connects = new LinkedBlockingQueue<>();
        try (MockBroker broker = accepting(connects)) {
            String hostPort = broker.uri().substring("tcp://".length());
            for (String[] c : new String[][] {
                {"u:a+b", "u", "a+b"},
                {"u:a%2Bb", "u", "a+b"},
                {"u%40example%3Ax:p%40ss%3Aw%25rd+%20", "u@example:x", "p@ss:w%rd+ "},
                {"%C3%BCser:%E2%82%AC", "\u00fcser", "\u20ac"},
            }) {
                try (MqttClient client = MqttClient.create(new ClientOptions()
                        .addBroker("tcp://" + c[0] + "@" + hostPort).setClientId("rfc3986"))) {
                    client.connect().await();
                }
                Connect connect = connects.poll(5, TimeUnit.SECONDS);
                assertThat(connect.username()).as(c[0]).isEqualTo(c[1]);
                assertThat(connect.password()).as(c[0]).isEqualTo(c[2].getBytes(UTF_8));
            }
        }
    }

    @Test
    void aRefusedWebSocketHeaderIsNamedButItsValueNotRepeated() throws Exception {
        try (MockBroker broker = new MockBroker(MockBroker.Peer::drain)) {
            String ws = broker.uri().replace("tcp://", "ws://");
            for (String value : List.of("Bearer " + SECRET + "\r\nX-Injected: 1", SECRET + "\u0000")) {
                Failed failed = failedConnect(new ClientOptions().addBroker(ws).setClientId("hdr")
                        .setHttpHeaders(Map.of("Authorization", List.of(value)))).secretFree();
                assertThat(failed.error()).hasMessageContaining("Authorization");
            }
        }
    }
}
