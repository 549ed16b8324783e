package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.FrozenOptions;
import dev.kite.mqtt.internal.packet.Connack;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the connector makes of the broker's CONNACK, against a scripted link: no sockets. */
class ConnectorTest {
    private static final URI BROKER = URI.create("tcp://broker.example:1883");
    /** CONNACK: accepted, session present. */
    private static final byte[] SESSION_PRESENT = {0x20, 0x02, 0x01, 0x00};

    private static Connack connackFor(ClientOptions options, byte[] reply) {
        Connector connector = new Connector(FrozenOptions.of(options.setClientId("c")), null,
                List.of(new Broker(BROKER, null)), (uri, dial) -> new ScriptedLink(uri, reply));
        return connector.connectOnce(null).connack();
    }

    @Test
    void sessionPresentAnsweringACleanSessionIsTakenAsNoSession_MQTT_3_2_2_1() {
        // believed, it would stop the session resubscribing: every subscription would be lost
        assertThat(connackFor(new ClientOptions().setCleanSession(true), SESSION_PRESENT))
                .isEqualTo(new Connack(false, 0));
    }

    @Test
    void sessionPresentAnsweringAPersistentSessionIsKept() {
        assertThat(connackFor(new ClientOptions().setCleanSession(false), SESSION_PRESENT))
                .isEqualTo(new Connack(true, 0));
    }
}
