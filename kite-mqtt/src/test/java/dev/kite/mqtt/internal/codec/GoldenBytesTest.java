package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.codec.Bytes.hex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes built by hand from the figures of the MQTT 3.1.1 specification (OASIS, 2014): each
 * packet must encode to them and decode from them.
 */
class GoldenBytesTest {

    /** Encodes {@code p}, compares with {@code hex}, then decodes {@code hex} back to {@code p}. */
    private static void golden(Packet p, String hex) {
        byte[] expected = hex(hex);
        assertThat(Encoder.encode(p)).isEqualTo(expected);
        assertThat(Encoder.encodedLength(p)).isEqualTo(expected.length);
        List<Packet> decoded = Bytes.decode(expected);
        assertThat(decoded).hasSize(1);
        Bytes.assertSamePacket(decoded.get(0), p);
    }

    @Test
    void connectWithWillUserNameAndPassword() {
        // Figure 3.6: 00 04 'MQTT' 04, flags 0xCE (user, password, will QoS 1, will, clean), keep alive 10
        Connect c = new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 10, "kite",
                new Connect.Will("a/b", "bye".getBytes(UTF_8), 1, false), "u", "pw".getBytes(UTF_8));
        golden(c, "10 21"
                + " 00 04 4D 51 54 54 04 CE 00 0A"
                + " 00 04 6B 69 74 65" // client id "kite"
                + " 00 03 61 2F 62" // will topic "a/b"
                + " 00 03 62 79 65" // will message "bye"
                + " 00 01 75" // user name "u"
                + " 00 02 70 77"); // password "pw"
    }

    @Test
    void connectWithRetainedWillAtQos2() {
        Connect c = new Connect(ProtocolVersion.MQTT_3_1_1, false, false, 0, "c",
                new Connect.Will("w", new byte[0], 2, true), null, null);
        // flags 0x34: will retain, will QoS 2, will
        golden(c, "10 12 00 04 4D 51 54 54 04 34 00 00 00 01 63 00 01 77 00 00");
    }

    @Test
    void connectMqtt31() {
        // MQTT 3.1: protocol name "MQIsdp", level 3
        Connect c = new Connect(ProtocolVersion.MQTT_3_1, false, true, 60, "c1", null, null, null);
        golden(c, "10 10 00 06 4D 51 49 73 64 70 03 02 00 3C 00 02 63 31");
    }

    @Test
    void connectBridgeSetsLevelTopBit() {
        Connect c = new Connect(ProtocolVersion.MQTT_3_1_1, true, false, 0, "", null, null, null);
        golden(c, "10 0C 00 04 4D 51 54 54 84 00 00 00 00 00");
    }

    @Test
    void connack() {
        // Figure 3.8 / 3.9: acknowledge flags (session present), return code
        golden(new Connack(true, 0), "20 02 01 00");
        golden(new Connack(false, 5), "20 02 00 05");
    }

    @Test
    void publishQos0() {
        // Figure 3.10: topic "a/b"; no packet id at QoS 0 [MQTT-2.3.1-5]
        golden(new Publish("a/b", "hi".getBytes(UTF_8), 0, false, false, 0), "30 07 00 03 61 2F 62 68 69");
    }

    @Test
    void publishQos0Retained() {
        golden(new Publish("a/b", new byte[0], 0, true, false, 0), "31 05 00 03 61 2F 62");
    }

    @Test
    void publishQos1() {
        // Figure 3.11: topic "a/b", packet id 10
        golden(new Publish("a/b", "hi".getBytes(UTF_8), 1, false, false, 10), "32 09 00 03 61 2F 62 00 0A 68 69");
    }

    @Test
    void publishQos2DupRetained() {
        // flags 1101: DUP, QoS 2, RETAIN
        golden(new Publish("a/b", "hi".getBytes(UTF_8), 2, true, true, 10), "3D 09 00 03 61 2F 62 00 0A 68 69");
    }

    @Test
    void publishTopicOutsideTheBasicPlane() {
        // Figure 1.3: "A" U+2A6D4 is 00 05 41 F0 AA 9B 94
        golden(new Publish("A\uD869\uDED4", new byte[0], 0, false, false, 0), "30 07 00 05 41 F0 AA 9B 94");
    }

    @Test
    void acknowledgements() {
        golden(new Puback(10), "40 02 00 0A");
        golden(new Pubrec(10), "50 02 00 0A");
        // [MQTT-3.6.1-1] PUBREL flags 0010
        golden(new Pubrel(10), "62 02 00 0A");
        golden(new Pubcomp(65535), "70 02 FF FF");
        golden(new Unsuback(10), "B0 02 00 0A");
    }

    @Test
    void subscribeWithSeveralFilters() {
        // Figure 3.22: "a/b" QoS 1, "c/d" QoS 2; [MQTT-3.8.1-1] flags 0010
        Subscribe s = new Subscribe(10, List.of(new Subscription("a/b", 1), new Subscription("c/d", 2),
                new Subscription("#", 0)));
        golden(s, "82 12 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02 00 01 23 00");
    }

    @Test
    void subackWithFailure() {
        // Figure 3.26: success QoS 0, success QoS 2, failure 0x80
        golden(new Suback(10, List.of(0, 2, 0x80)), "90 05 00 0A 00 02 80");
    }

    @Test
    void unsubscribe() {
        // Figure 3.30: "a/b", "c/d"; [MQTT-3.10.1-1] flags 0010
        golden(new Unsubscribe(10, List.of("a/b", "c/d")), "A2 0C 00 0A 00 03 61 2F 62 00 03 63 2F 64");
    }

    @Test
    void emptyPackets() {
        golden(Pingreq.INSTANCE, "C0 00");
        golden(Pingresp.INSTANCE, "D0 00");
        golden(Disconnect.INSTANCE, "E0 00");
    }
}
