package dev.kite.mqtt.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.broker.HmacChallengeExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerIT {

    // MQTT 3.1.1 CONNECT: protocol "MQTT" level 4, clean session, keepalive 60, client id "it".
    private static final byte[] CONNECT = {
        0x10, 0x0e, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c, 0x00, 0x02, 'i', 't'
    };
    // CONNACK, session not present, return code 0 (accepted).
    private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};

    @Test
    void acceptsAnMqttConnectionOnItsPortAndStopsListeningWhenClosed() throws IOException {
        int port;
        Path home;
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            port = broker.port();
            home = broker.home();
            assertThat(home).isDirectory();
            assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + port);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write(CONNECT);
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(in.readNBytes(4)).containsExactly(CONNACK_ACCEPTED);
            }
            assertThatThrownBy(broker::webSocketUri).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        assertThat(home).doesNotExist();
    }

    @Test
    void opensAWebSocketListenerWhenAsked() throws IOException {
        try (EmbeddedBroker broker = EmbeddedBroker.startWithWebSocket()) {
            assertThat(broker.webSocketPort()).isNotEqualTo(broker.port());
            assertThat(broker.webSocketUri()).isEqualTo("ws://127.0.0.1:" + broker.webSocketPort() + "/mqtt");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), broker.webSocketPort())) {
                assertThat(s.isConnected()).isTrue();
            }
        }
    }

    @Test
    void refusesAnExtensionWithoutAnId() {
        assertThatThrownBy(() -> EmbeddedBroker.startWithExtension(" ", new HmacChallengeExtension(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extension id");
    }
}
