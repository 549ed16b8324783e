package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.transport.ProxyConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every wait of opening a transport is bounded by the connect timeout: a peer that accepts the TCP
 * connection and then says nothing stalls the TLS handshake, the WebSocket upgrade or the HTTP
 * proxy handshake; each attempt must fail with a timeout soon after the connect timeout.
 */
class TransportTimeoutIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @ParameterizedTest
    @ValueSource(strings = {"ssl", "ws", "wss", "tcp+http-proxy"})
    void aSilentPeerTimesOut(String kind) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            int port = silent.getLocalPort();
            ClientOptions opts = new ClientOptions().setAutoReconnect(false).setConnectTimeout(TIMEOUT);
            switch (kind) {
                case "tcp+http-proxy" -> opts.addBroker("tcp://127.0.0.1:1883")
                        .setProxy(ProxyConfig.http("127.0.0.1", port));
                case "ws", "wss" -> opts.addBroker(kind + "://127.0.0.1:" + port + "/mqtt");
                default -> opts.addBroker(kind + "://127.0.0.1:" + port);
            }
            long start = System.nanoTime();
            try (MqttClient c = MqttClient.create(opts)) {
                ConnectToken t = c.connect();
                assertThat(t.waitFor(Duration.ofSeconds(10))).isTrue();
                assertThat(t.error()).hasMessageContaining("timed out");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void plainTcpSchemesRoundTrip() {
        // tcp and mqtt are covered by the pub/sub contract; here only that both names open a link
        try (dev.kite.testing.MosquittoBroker broker = dev.kite.testing.MosquittoBroker.start()) {
            RoundTrip.check(new ClientOptions().addBroker("tcp://127.0.0.1:" + broker.port()));
            RoundTrip.check(new ClientOptions().addBroker("mqtt://127.0.0.1:" + broker.port()));
        }
    }
}
