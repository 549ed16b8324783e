package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.codec.Bytes.hex;
import static dev.kite.mqtt.internal.packet.Property.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.internal.packet.Unsuback;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Each malformed or illegal MQTT 5.0 input fails with the packet type and the rule in the
 * message, and with the reason code the client's DISCONNECT should carry: 0x81 malformed
 * packet, 0x82 protocol error, or a more specific one. The encoder refuses the same rules.
 */
class V5MalformedInputTest {

    /** Decodes {@code hex} under 5.0 and expects a failure with {@code fragment} in its message and {@code code}. */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            non-minimal remaining length [MQTT-1.5.5-1] | C0 80 00 | PINGREQ: remaining length has a redundant trailing 0x00 byte | 0x81
            property length past the packet             | 40 05 00 01 00 09 1F | PUBACK: properties length 9 exceeds the 1 bytes left | 0x81
            property length ends inside a property      | 40 08 00 01 00 02 1F 00 00 41 | PUBACK: properties length 2 ends inside a property | 0x81
            unknown property identifier                 | 40 06 00 01 00 02 05 00 | PUBACK: properties: unknown property 0x05 (section 2.2.2.2 | 0x81
            property not allowed on the packet          | 40 07 00 01 00 03 23 00 01 | PUBACK: topic alias (0x23) is not allowed in PUBACK (section 2.2.2.2 | 0x81
            duplicated property                         | 20 09 00 00 06 21 00 0A 21 00 0A | CONNACK: receive maximum (0x21) appears more than once | 0x82
            receive maximum 0                           | 20 06 00 00 03 21 00 00 | CONNACK: receive maximum (0x21) is 0, must be at least 1, a protocol error (section 3.1.2.11.3) | 0x82
            maximum packet size 0                       | 20 08 00 00 05 27 00 00 00 00 | CONNACK: maximum packet size (0x27) is 0 | 0x82
            maximum QoS 2                               | 20 05 00 00 02 24 02 | CONNACK: maximum QoS (0x24) is 2, must be 0 or 1 | 0x82
            retain available 5                          | 20 05 00 00 02 25 05 | CONNACK: retain available (0x25) is 5, must be 0 or 1 | 0x82
            authentication data without a method        | 20 06 00 00 03 16 00 00 | CONNACK: authentication data (0x16) without an authentication method | 0x82
            CONNACK reserved flag bits [MQTT-3.2.2-1]    | 20 03 02 00 00 | CONNACK: acknowledge flags 0x2: reserved bits 7-1 are set [MQTT-3.2.2-1] | 0x81
            session present with a refusal              | 20 03 01 87 00 | CONNACK: session present with refusal reason code 0x87 [MQTT-3.2.2-6] | 0x82
            CONNACK reason code of another packet       | 20 03 00 04 00 | CONNACK: reason code 0x04 (Disconnect with Will Message) is not one CONNACK may carry (section 3.2.2.2) | 0x81
            PUBACK reason code of PUBREL                | 40 03 00 01 92 | PUBACK: reason code 0x92 (Packet Identifier not found) is not one PUBACK may carry | 0x81
            SUBACK reason code of UNSUBACK              | 90 04 00 01 00 11 | SUBACK: reason code 0x11 | 0x81
            undefined reason code                       | E0 01 05 | DISCONNECT: reason code 0x05 (Unknown reason code 0x05) | 0x81
            subscription identifier 0                   | 30 06 00 01 61 02 0B 00 | PUBLISH: subscription identifier (0x0B) is 0, must be at least 1 | 0x82
            topic alias 0 [MQTT-3.3.2-8]                | 30 07 00 01 61 03 23 00 00 | PUBLISH: topic alias (0x23) is 0, which is not permitted [MQTT-3.3.2-8] | 0x94
            variable byte integer over 4 bytes          | 30 0A 00 01 61 06 0B 80 80 80 80 01 | PUBLISH: subscription identifier (0x0B): variable byte integer takes more than 4 bytes | 0x81
            non-minimal variable byte integer           | 30 07 00 01 61 03 0B 81 00 | variable byte integer has a redundant trailing 0x00 byte; it must use the fewest bytes [MQTT-1.5.5-1] | 0x81
            payload format indicator 2                  | 30 06 00 01 61 02 01 02 | PUBLISH: payload format indicator (0x01) is 2, must be 0 or 1 | 0x82
            ill-formed UTF-8 in a reason string         | 40 09 00 01 80 05 1F 00 02 C3 28 | PUBACK: reason string (0x1F) is not well-formed UTF-8 [MQTT-1.5.3-1] | 0x81
            U+0000 in a user property                   | 40 0B 00 01 80 07 26 00 01 00 00 01 61 | PUBACK: user property name contains U+0000 | 0x81
            empty topic without an alias                | 30 03 00 00 00 | PUBLISH: topic name is empty and there is no topic alias, a protocol error | 0x82
            wildcard in a topic name                    | 30 06 00 03 61 2F 23 00 | PUBLISH: topic name 'a/#': wildcards | 0x81
            wildcard in a response topic                | 30 0A 00 01 61 06 08 00 03 61 2F 23 | PUBLISH: response topic name 'a/#': wildcards '+' and '#' are not allowed in a topic name [MQTT-3.3.2-14] | 0x82
            DUP at QoS 0 [MQTT-3.3.1-2]                 | 38 04 00 01 61 00 | PUBLISH: DUP flag set at QoS 0, must be 0 [MQTT-3.3.1-2] | 0x81
            subscription options reserved bits          | 82 09 00 01 00 00 03 61 2F 62 C1 | SUBSCRIBE: topic filter 'a/b': subscription options 0xc1 have reserved bits 7-6 set [MQTT-3.8.3-5] | 0x81
            subscription options QoS 3                  | 82 09 00 01 00 00 03 61 2F 62 03 | SUBSCRIBE: topic filter 'a/b': subscription options 0x3 ask for QoS 3 | 0x81
            retain handling 3                           | 82 09 00 01 00 00 03 61 2F 62 30 | SUBSCRIBE: topic filter 'a/b': subscription options 0x30 have retain handling 3, a protocol error | 0x82
            No Local on a shared subscription           | 82 10 00 01 00 00 0A 24 73 68 61 72 65 2F 67 2F 61 04 | SUBSCRIBE: topic filter '$share/g/a': subscription options 0x4 set No Local on a shared subscription [MQTT-3.8.3-4] | 0x82
            SUBSCRIBE without filters                   | 82 03 00 01 00 | SUBSCRIBE: no topic filters [MQTT-3.8.3-2] | 0x82
            subscription identifier twice in SUBSCRIBE  | 82 0B 00 01 04 0B 01 0B 02 00 01 61 00 | SUBSCRIBE: subscription identifier (0x0B) appears more than once | 0x82
            UNSUBSCRIBE without filters                 | A2 03 00 01 00 | UNSUBSCRIBE: no topic filters [MQTT-3.10.3-2] | 0x82
            UNSUBACK without reason codes               | B0 03 00 01 00 | UNSUBACK: no reason codes [MQTT-3.11.3-1] | 0x82
            AUTH without a method                       | F0 02 18 00 | AUTH: reason code 0x18 without an authentication method, a protocol error (section 3.15.2.2.2) | 0x82
            AUTH reason code of another packet          | F0 01 01 | AUTH: reason code 0x01 (Granted QoS 1) is not one AUTH may carry (section 3.15.2.1) | 0x81
            session expiry in will properties           | 10 18 00 04 4D 51 54 54 05 04 00 00 00 00 00 05 11 00 00 00 01 00 01 61 00 00 | CONNECT: will properties: session expiry interval (0x11) is not allowed in will properties | 0x81
            request problem information 2               | 10 0F 00 04 4D 51 54 54 05 00 00 00 02 17 02 00 00 | CONNECT: request problem information (0x17) is 2, must be 0 or 1 | 0x82
            CONNECT of 3.1.1 in a 5.0 stream            | 10 0C 00 04 4D 51 54 54 04 02 00 00 00 00 | CONNECT: protocol name 'MQTT' with level 4, expected 'MQTT' 5 | 0x84
            CONNECT reserved flag                       | 10 0D 00 04 4D 51 54 54 05 01 00 00 00 00 00 | CONNECT: connect flags 0x1: reserved bit 0 is set [MQTT-3.1.2-3] | 0x81
            AUTH property on PUBLISH                    | 30 09 00 01 61 05 15 00 02 61 62 | PUBLISH: authentication method (0x15) is not allowed in PUBLISH | 0x81
            """)
    void decodingFails(String rule, String hex, String fragment, String code) {
        assertThatThrownBy(() -> V5GoldenBytesTest.decode(hex(hex)))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessageContaining(fragment)
                .extracting(e -> ((MqttProtocolException) e).reasonCode())
                .isEqualTo(Integer.decode(code));
    }

    @Test
    void authIsAReservedTypeUnder311() {
        assertThatThrownBy(() -> Bytes.decode(hex("F0 00")))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessage("RESERVED: packet type 15 is reserved (section 2.2.1)");
    }

    @Test
    void a50ConnectIsUnknownTo311() {
        assertThatThrownBy(() -> Bytes.decode(hex("10 0D 00 04 4D 51 54 54 05 02 00 00 00 00 00")))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessageContaining("unknown protocol name 'MQTT' with level 5");
    }

    @Test
    void aPacketOverTheMaximumIsTooLarge() {
        FrameDecoder d = new FrameDecoder(16, ProtocolVersion.MQTT_5);
        assertThatThrownBy(() -> Bytes.decode(d, hex("30 11")))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessageContaining("remaining length 17 exceeds the maximum 16")
                .extracting(e -> ((MqttProtocolException) e).reasonCode()).isEqualTo(0x95);
    }

    @Test
    void aFailedDecoderRefusesInput() {
        FrameDecoder d = new FrameDecoder(1024, ProtocolVersion.MQTT_5);
        assertThatThrownBy(() -> Bytes.decode(d, hex("40 03 00 01 92"))).isInstanceOf(MqttProtocolException.class);
        assertThatThrownBy(() -> Bytes.decode(d, hex("C0 00"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void userPropertiesAndPublishSubscriptionIdentifiersMayRepeat() {
        List<Packet> out = V5GoldenBytesTest.decode(hex("30 11 00 01 61 0B 0B 01 0B 02 26 00 01 6B 00 01 76 62 62"));
        // the payload "bb" follows 11 bytes of properties
        assertThat(((Publish) out.get(0)).properties().subscriptionIdentifiers()).containsExactly(1, 2);
        assertThat(((Publish) out.get(0)).payload()).containsExactly('b', 'b');
    }

    private static Properties.Builder props() {
        return Properties.builder();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> encoding(Packet p,
                                                                                                  ProtocolVersion v) {
        return assertThatThrownBy(() -> Encoder.encode(p, v)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEncoderRefusesWhatTheDecoderRefuses() {
        ProtocolVersion v5 = ProtocolVersion.MQTT_5;
        encoding(new Publish("a", new byte[0], 0, false, false, 0, props().number(TOPIC_ALIAS, 0).build()), v5)
                .hasMessage("PUBLISH: topic alias (0x23) is 0, which is not permitted [MQTT-3.3.2-8]");
        encoding(new Connack(false, 0, props().number(RECEIVE_MAXIMUM, 0).build()), v5)
                .hasMessageContaining("CONNACK: receive maximum (0x21) is 0");
        encoding(new Puback(1, 0, props().number(TOPIC_ALIAS, 1).build()), v5)
                .hasMessageContaining("PUBACK: topic alias (0x23) is not allowed in PUBACK");
        encoding(new Puback(1, 0x92, Properties.EMPTY), v5)
                .hasMessageContaining("PUBACK: reason code 0x92 (Packet Identifier not found) is not one PUBACK may carry");
        encoding(new Connack(true, 0x87), v5).hasMessageContaining("[MQTT-3.2.2-6]");
        encoding(new Subscribe(1, List.of(new Subscription("$share/g/a", 0, true, false, 0))), v5)
                .hasMessageContaining("No Local must not be set on a shared subscription [MQTT-3.8.3-4]");
        encoding(new Subscribe(1, List.of(new Subscription("a", 0, false, false, 3))), v5)
                .hasMessageContaining("retain handling 3 must be 0, 1 or 2");
        encoding(new Publish("", new byte[0], 0, false, false, 0), v5).hasMessageContaining("must not be empty");
        encoding(new Auth(0x18, Properties.EMPTY), v5).hasMessageContaining("without an authentication method");
        encoding(new Unsuback(1, List.of(), Properties.EMPTY), v5).hasMessageContaining("[MQTT-3.11.3-1]");
        encoding(new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 0, "c", null, null, null), v5)
                .hasMessageContaining("must be MQTT_5");
        encoding(new Publish("a", new byte[0], 0, false, false, 0,
                props().binary(CORRELATION_DATA, new byte[65_536]).build()), v5)
                .hasMessageContaining("65536 bytes, must be at most 65535");
        encoding(new Connect(v5, false, true, 0, "c", new Connect.Will("w", new byte[0], 0, false,
                props().number(SESSION_EXPIRY_INTERVAL, 1).build()), null, null), v5)
                .hasMessageContaining("CONNECT: will properties: session expiry interval (0x11) is not allowed");
    }

    @Test
    void under311TheEncoderRefusesWhatOnly50Has() {
        ProtocolVersion v311 = ProtocolVersion.MQTT_3_1_1;
        encoding(new Puback(1, 0x10, Properties.EMPTY), v311)
                .hasMessage("PUBACK: reason codes exist only in MQTT 5.0, not in MQTT_3_1_1");
        encoding(new Auth(0, Properties.EMPTY), v311).hasMessageContaining("AUTH exists only in MQTT 5.0");
        encoding(new Publish("a", new byte[0], 0, false, false, 0, props().userProperty("k", "v").build()), v311)
                .hasMessageContaining("PUBLISH: properties exist only in MQTT 5.0");
        encoding(new Subscribe(1, List.of(new Subscription("a", 0, true, false, 0))), v311)
                .hasMessageContaining("subscription options exist only in MQTT 5.0");
        encoding(new Connect(v311, false, true, 0, "c", null, null, null,
                props().number(RECEIVE_MAXIMUM, 5).build()), v311)
                .hasMessageContaining("CONNECT: properties exist only in MQTT 5.0");
    }
}
