package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.Disconnection;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.PropertyViews;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.testing.MockBroker;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MQTT 5.0 core against a scripted broker, for what no broker does on demand: a DISCONNECT
 * instead of a CONNACK, a Maximum Packet Size too small for the reason string of the client's
 * DISCONNECT, and the DISCONNECT 0x93 of a strict client, with the bytes the client sent in view. (CONNACK availability is tested through the
 * embedded HiveMQ: {@link V5CoreHiveMqIT}.)
 */
class V5CoreScriptedIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ClientOptions v5(MockBroker broker) {
        return new ClientOptions().addBroker(broker.uri()).setClientId("v5core").setProtocolVersion(5)
                .setConnectTimeout(WAIT);
    }

    private static Connack accepted(ConnackProperties props) {
        return new Connack(false, 0, PropertyViews.of(props));
    }

    @Test
    void aDisconnectInsteadOfAConnackFailsTheConnectWithTheBrokersCodeAndReason() throws Exception {
        try (MockBroker broker = new MockBroker(ProtocolVersion.MQTT_5, p -> {
            p.expect(Connect.class, 10);
            p.send(new Disconnect(0x9F, Properties.builder().string(Property.REASON_STRING, "slow down").build()));
            p.close();
        });
             MqttClient c = MqttClient.create(v5(broker).setAutoReconnect(false))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();

            assertThat(t.error()).isInstanceOf(MqttServerException.class).hasMessageContaining("[MQTT-3.14.0-1]");
            MqttServerException e = (MqttServerException) t.error();
            assertThat(e.code()).isEqualTo(0x9F);
            assertThat(e.reasonString()).contains("slow down");
        }
    }

    @Test
    void theClientsDisconnectDropsItsReasonStringToFitTheBrokersMaximumPacketSize_MQTT_3_14_2_3() throws Exception {
        BlockingQueue<Disconnect> seen = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(ProtocolVersion.MQTT_5, p -> {
            p.expect(Connect.class, 10);
            p.send(accepted(ConnackProperties.builder().maximumPacketSize(40).build()));
            seen.add(p.expect(Disconnect.class, 10));
            p.drain();
        })) {
            MqttClient c = MqttClient.create(v5(broker));
            c.connect().await();

            c.disconnect(0, Disconnection.of(0x80).withReasonString("r".repeat(100)).withUserProperty("k", "v"));

            Disconnect d = seen.poll(10, TimeUnit.SECONDS);
            assertThat(d.reasonCode()).isEqualTo(0x80);
            assertThat(d.properties().has(Property.REASON_STRING)).isFalse();
            assertThat(d.properties().userProperties()).containsExactly(new UserProperty("k", "v"));
        }
    }

    @Test
    void aStrictClientTellsTheBrokerWhyItCloses_0x93_MQTT_3_3_4_9() throws Exception {
        BlockingQueue<Disconnect> seen = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(ProtocolVersion.MQTT_5, p -> {
            p.expect(Connect.class, 10);
            p.send(accepted(ConnackProperties.DEFAULTS));
            for (int id = 1; id <= 3; id++) {
                p.send(new Publish("t", new byte[] {(byte) id}, 1, false, false, id));
            }
            p.send(new Publish("t", new byte[] {4}, 1, false, false, 4));
            Packet next;
            while ((next = p.read(10)) != null) {
                if (next instanceof Disconnect d) {
                    seen.add(d);
                }
            }
        });
             MqttClient c = MqttClient.create(v5(broker).setReceiveMaximum(3).setAutoAckDisabled(true)
                     .setDefaultPublishHandler((client, m) -> { })
                     .setStrictReceiveMaximum(true).setAutoReconnect(false))) {
            c.connect().await();

            Disconnect d = seen.poll(10, TimeUnit.SECONDS);

            assertThat(d).isNotNull();
            assertThat(d.reasonCode()).isEqualTo(0x93);
            assertThat(d.properties().string(Property.REASON_STRING)).contains("Receive Maximum of 3");
        }
    }
}
