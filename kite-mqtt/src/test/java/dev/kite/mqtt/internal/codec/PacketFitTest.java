package dev.kite.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements, DISCONNECT and AUTH lose their reason string, then their user properties,
 * rather than pass the peer's Maximum Packet Size ([MQTT-3.4.2-2] and its twins,
 * [MQTT-3.14.2-3] [MQTT-3.14.2-4], [MQTT-3.15.2-2] [MQTT-3.15.2-3]).
 */
class PacketFitTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final Properties CHATTY = Properties.builder()
            .string(Property.REASON_STRING, "x".repeat(100))
            .userProperty("k", "v".repeat(20)).build();

    private static int size(Packet p) {
        return Encoder.encodedLength(p, V5);
    }

    @Test
    void aPacketThatFitsIsLeftAsItIs() {
        Puback ack = new Puback(1, 0x10, CHATTY);
        assertThat(PacketFit.fit(ack, V5, size(ack))).isSameAs(ack);
        assertThat(PacketFit.fit(ack, V5, 0)).as("no maximum").isSameAs(ack);
    }

    @Test
    void theReasonStringGoesFirstAndTheUserPropertiesStayWhenThatIsEnough() {
        for (Packet p : List.of(new Puback(1, 0x80, CHATTY), new Pubrec(2, 0x80, CHATTY), new Pubrel(3, 0x92, CHATTY),
                new Pubcomp(4, 0x92, CHATTY), new Disconnect(0x80, CHATTY))) {
            Packet fitted = PacketFit.fit(p, V5, 60);
            assertThat(fitted.type()).isEqualTo(p.type());
            assertThat(fitted.packetId()).isEqualTo(p.packetId());
            assertThat(fitted.reasonCode()).isEqualTo(p.reasonCode());
            assertThat(fitted.properties().has(Property.REASON_STRING)).isFalse();
            assertThat(fitted.properties().userProperties()).isEqualTo(CHATTY.userProperties());
            assertThat(size(fitted)).isLessThanOrEqualTo(60);
        }
    }

    @Test
    void theUserPropertiesGoTooWhenTheyStillDoNotFitButAuthKeepsItsMethodAndData() {
        Properties auth = Properties.builder().string(Property.AUTHENTICATION_METHOD, "SCRAM")
                .binary(Property.AUTHENTICATION_DATA, new byte[] {1, 2, 3})
                .string(Property.REASON_STRING, "r".repeat(50)).userProperty("k", "v".repeat(50)).build();

        Packet fitted = PacketFit.fit(new Auth(0x18, auth), V5, 30);

        assertThat(fitted.properties().has(Property.REASON_STRING)).isFalse();
        assertThat(fitted.properties().userProperties()).isEmpty();
        assertThat(fitted.properties().string(Property.AUTHENTICATION_METHOD)).isEqualTo("SCRAM");
        assertThat(fitted.properties().binary(Property.AUTHENTICATION_DATA)).containsExactly(1, 2, 3);
    }

    @Test
    void packetsWithoutOptionalDiagnosticsAndMqtt311AreNotTouched() {
        Unsubscribe unsub = new Unsubscribe(1, List.of("a/".repeat(50)), Properties.EMPTY);
        assertThat(PacketFit.fit(unsub, V5, 10)).isSameAs(unsub);
        Puback plain = new Puback(1);
        assertThat(PacketFit.fit(plain, ProtocolVersion.MQTT_3_1_1, 2)).isSameAs(plain);
    }
}
