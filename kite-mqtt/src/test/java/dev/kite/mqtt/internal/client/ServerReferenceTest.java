package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.MqttServerException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a 5.0 broker's Server Reference leads (section 4.11): the reference's forms, and what is refused. */
class ServerReferenceTest {
    private static final URI TCP = URI.create("tcp://a.example:1883");

    @ParameterizedTest
    @CsvSource({
        "b.example:1884, tcp://a.example:1883, tcp://b.example:1884",
        "b.example, tcp://a.example:1883, tcp://b.example:1883",
        "'b.example:1884 c.example:1885', tcp://a.example:1883, tcp://b.example:1884",
        "'  b.example:1884  ', tcp://a.example:1883, tcp://b.example:1884",
        "tcp://b.example:1884, ssl://a.example:8883, ssl://b.example:1884",
        "b.example:8884, ssl://a.example:8883, ssl://b.example:8884",
        "b.example, ws://a.example:80/mqtt, ws://b.example:80/mqtt",
        "[::1]:1884, tcp://a.example:1883, tcp://[::1]:1884",
    })
    void resolvesAgainstTheSendersSchemeAndPort(String reference, String from, String expected) {
        assertThat(ServerReference.resolve(reference, URI.create(from))).contains(URI.create(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "user:pass@b.example", "b.example:0", "b.example:70000", "/only/a/path"})
    void aReferenceWithoutAUsableHostLeadsNowhere(String reference) {
        assertThat(ServerReference.resolve(reference, TCP)).isEmpty();
    }

    @Test
    void aUnixSocketIsNeverRedirected() {
        assertThat(ServerReference.resolve("b.example:1883", URI.create("unix:///run/mosquitto.sock"))).isEmpty();
    }

    @Test
    void onlyUseAnotherServerAndServerMovedPointAnywhere() {
        Broker from = new Broker(TCP, "user:pass");
        assertThat(ServerReference.of(new MqttServerException("x", 0x9C, null, "b.example"), from))
                .contains(new Broker(URI.create("tcp://b.example:1883"), "user:pass"));
        assertThat(ServerReference.of(new MqttServerException("x", 0x9D, null, "b.example:2"), from)
                .map(Broker::uri)).contains(URI.create("tcp://b.example:2"));
        assertThat(ServerReference.of(new MqttServerException("x", 0x8E, null, "b.example"), from)).isEmpty();
        assertThat(ServerReference.of(new MqttServerException("x", 0x9C, null, null), from)).isEmpty();
    }
}
