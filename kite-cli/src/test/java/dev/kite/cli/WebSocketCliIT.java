package dev.kite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.cli.Tools.Impl;
import dev.kite.cli.Tools.Result;
import dev.kite.testing.Pki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code -L ws://} and {@code -L wss://}, a kite extension (mosquitto_pub/sub 2.0 have no
 * WebSocket client, and Debian's Mosquitto here has no WebSocket listener): kite pub, kite sub
 * and kite bench against the embedded HiveMQ broker's WebSocket listeners.
 */
class WebSocketCliIT {
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
    void retained_message_over_ws_then_wss() {
        Result pub = Tools.run(Impl.KITE, "pub", "-L", broker.webSocketUri(), "-t", "ws/a", "-m", "over ws", "-r",
                "-q", "1");
        assertThat(pub.exit()).as(pub.err()).isZero();
        Result sub = Tools.run(Impl.KITE, "sub", "-L", broker.secureWebSocketUri(), "--cafile",
                pki.path("ca.pem").toString(), "-t", "ws/#", "-v", "-C", "1", "-W", "20");
        assertThat(sub.exit()).as(sub.err()).isZero();
        assertThat(sub.stdout()).isEqualTo("ws/a over ws\n");
    }

    @Test
    void bench_pubsub_over_ws() {
        Result r = Tools.run(Impl.KITE, "bench", "pubsub", "-L", broker.webSocketUri(), "-c", "2", "-n", "50", "-q",
                "1", "--json");
        assertThat(r.exit()).as(r.stdout() + r.err()).isZero();
        assertThat(r.stdout()).contains("\"broker\":\"" + broker.webSocketUri() + "\"").contains("\"received\":100,");
    }
}
