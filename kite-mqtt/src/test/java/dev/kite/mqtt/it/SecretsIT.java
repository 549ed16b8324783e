package dev.kite.mqtt.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.mqtt.transport.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Passwords and proxy credentials reach the wire and nowhere else: not logs, not
 * {@code toString()}, not exception messages, not packet descriptions.
 */
class SecretsIT {
    private static final String SECRET = "s3cret-Pa55";

    /** Runs {@code body}, returning what was written to System.err meanwhile (slf4j-simple's target). */
    private static String stderrOf(Runnable body) {
        PrintStream old = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return captured.toString(UTF_8);
    }

    @Test
    void passwordAsCharsAndBytesReachesTheBrokerExactlyAndIsCopied() throws Exception {
        BlockingQueue<Connect> connects = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(p -> {
            connects.add(p.expect(Connect.class, 10));
            p.send(new Connack(false, 0));
            p.drain();
        })) {
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
            String log = stderrOf(() -> {
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
        Throwable[] error = new Throwable[1];
        String log = stderrOf(() -> {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(uri).setClientId("uri"))) {
                ConnectToken t = c.connect();
                t.waitFor(Duration.ofSeconds(10));
                error[0] = t.error();
            }
        });
        assertThat(error[0]).isNotNull();
        assertThat(error[0].toString()).doesNotContain(SECRET);
        for (Throwable cause = error[0]; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
        }
        assertThat(log).as("the capture sees the library's log").contains("connect failed").doesNotContain(SECRET);
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
            Throwable[] error = new Throwable[1];
            String log = stderrOf(() -> {
                try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1883")
                        .setClientId("proxy").setProxy(p))) {
                    ConnectToken t = c.connect();
                    t.waitFor(Duration.ofSeconds(10));
                    error[0] = t.error();
                }
            });
            assertThat(error[0]).isNotNull();
            for (Throwable cause = error[0]; cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
            }
            assertThat(log).contains("connect failed").doesNotContain(SECRET);
        }
    }
}
