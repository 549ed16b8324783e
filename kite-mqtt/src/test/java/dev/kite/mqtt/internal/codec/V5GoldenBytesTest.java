package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.codec.Bytes.hex;
import static dev.kite.mqtt.internal.packet.Property.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Properties;
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
 * Bytes built by hand from the packet layouts of the MQTT 5.0 specification (OASIS, 2019): each
 * packet must encode to them and decode from them. The section of each layout is named.
 */
class V5GoldenBytesTest {

    static List<Packet> decode(byte[] bytes) {
        return Bytes.decode(new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, ProtocolVersion.MQTT_5), bytes);
    }

    /** Encodes {@code p} under 5.0, compares with {@code hex}, then decodes {@code hex} back to {@code p}. */
    private static void golden(Packet p, String hex) {
        byte[] expected = hex(hex);
        assertThat(Encoder.encode(p, ProtocolVersion.MQTT_5)).isEqualTo(expected);
        assertThat(Encoder.encodedLength(p, ProtocolVersion.MQTT_5)).isEqualTo(expected.length);
        List<Packet> decoded = decode(expected);
        assertThat(decoded).hasSize(1);
        Bytes.assertSamePacket(decoded.get(0), p);
    }

    private static Properties.Builder props() {
        return Properties.builder();
    }

    @Test
    void connectWithPropertiesWillAndCredentials() {
        // section 3.1.2: 00 04 'MQTT' 05, flags 0xCE (user name, password, will QoS 1, will, clean
        // start), keep alive 10, properties (3.1.2.11): session expiry interval 10;
        // payload (3.1.3): client id, will properties (3.1.3.2) with will delay 5, will topic,
        // will payload, user name, password
        Connect c = new Connect(ProtocolVersion.MQTT_5, false, true, 10, "kite",
                new Connect.Will("a/b", "bye".getBytes(UTF_8), 1, false,
                        props().number(WILL_DELAY_INTERVAL, 5).build()),
                "u", "pw".getBytes(UTF_8), props().number(SESSION_EXPIRY_INTERVAL, 10).build());
        golden(c, "10 2D"
                + " 00 04 4D 51 54 54 05 CE 00 0A"
                + " 05 11 00 00 00 0A" // properties: session expiry interval 10
                + " 00 04 6B 69 74 65" // client id "kite"
                + " 05 18 00 00 00 05" // will properties: will delay interval 5
                + " 00 03 61 2F 62" // will topic "a/b"
                + " 00 03 62 79 65" // will payload "bye"
                + " 00 01 75" // user name "u"
                + " 00 02 70 77"); // password "pw"
    }

    @Test
    void connectWithPasswordAndNoUserName() {
        // section 3.1.2.9: 5.0 allows a password without a user name; flags 0x42
        Connect c = new Connect(ProtocolVersion.MQTT_5, false, true, 0, "", null, null, "pw".getBytes(UTF_8));
        golden(c, "10 11 00 04 4D 51 54 54 05 42 00 00 00 00 00 00 02 70 77");
    }

    @Test
    void connackWithProperties() {
        // section 3.2.2: acknowledge flags (session present), reason code 0, properties:
        // receive maximum 10, topic alias maximum 5, assigned client identifier "id"
        golden(new Connack(true, 0, props().number(RECEIVE_MAXIMUM, 10).number(TOPIC_ALIAS_MAXIMUM, 5)
                        .string(ASSIGNED_CLIENT_IDENTIFIER, "id").build()),
                "20 0E 01 00 0B 21 00 0A 22 00 05 12 00 02 69 64");
    }

    @Test
    void connackRefusedWithoutProperties() {
        // section 3.2.2.2: reason code 0x87 not authorized; the property length is always there
        golden(new Connack(false, 0x87), "20 03 00 87 00");
    }

    @Test
    void publishQos1WithProperties() {
        // section 3.3.2: topic "a/b", packet id 10, properties (3.3.2.3): payload format 1,
        // message expiry 60, content type "text", topic alias 1, user property k=v; payload "hi"
        Properties p = props().number(PAYLOAD_FORMAT_INDICATOR, 1).number(MESSAGE_EXPIRY_INTERVAL, 60)
                .string(CONTENT_TYPE, "text").number(TOPIC_ALIAS, 1).userProperty("k", "v").build();
        golden(new Publish("a/b", "hi".getBytes(UTF_8), 1, false, false, 10, p),
                "32 22 00 03 61 2F 62 00 0A 18 01 01 02 00 00 00 3C 03 00 04 74 65 78 74 23 00 01"
                        + " 26 00 01 6B 00 01 76 68 69");
    }

    @Test
    void publishQos0WithoutProperties() {
        // section 3.3.2.3.1: the property length is there even when 0
        golden(new Publish("a/b", new byte[0], 0, false, false, 0), "30 06 00 03 61 2F 62 00");
    }

    @Test
    void publishWithAnAliasInsteadOfATopic() {
        // section 3.3.2.3.4: an empty topic name with a topic alias
        golden(new Publish("", new byte[0], 0, false, false, 0, props().number(TOPIC_ALIAS, 7).build()),
                "30 06 00 00 03 23 00 07");
    }

    @Test
    void publishWithSubscriptionIdentifiers() {
        // section 3.3.2.3.8: a server sends one identifier per matching subscription; 128 takes two bytes
        golden(new Publish("a", new byte[0], 0, false, false, 0,
                        props().number(SUBSCRIPTION_IDENTIFIER, 1).number(SUBSCRIPTION_IDENTIFIER, 128).build()),
                "30 09 00 01 61 05 0B 01 0B 80 01");
    }

    @Test
    void acknowledgementsInTheirShortForms() {
        // sections 3.4.2.1 to 3.7.2.1: reason code 0 and no properties: remaining length 2
        golden(new Puback(10), "40 02 00 0A");
        golden(new Pubrec(10), "50 02 00 0A");
        golden(new Pubrel(10), "62 02 00 0A");
        golden(new Pubcomp(10), "70 02 00 0A");
        // a reason code but no properties: remaining length 3, no property length
        golden(new Puback(10, 0x10, Properties.EMPTY), "40 03 00 0A 10");
        golden(new Pubrel(10, 0x92, Properties.EMPTY), "62 03 00 0A 92");
    }

    @Test
    void pubackWithAReasonString() {
        // section 3.4.2: packet id, reason code 0x97 quota exceeded, reason string "full"
        golden(new Puback(10, 0x97, props().string(REASON_STRING, "full").build()),
                "40 0B 00 0A 97 07 1F 00 04 66 75 6C 6C");
    }

    @Test
    void longFormsOfSuccessDecodeToTheShortOnes() {
        // section 3.4.2.2.1: a property length of 0 where the short form was possible
        assertThat(decode(hex("40 04 00 0A 00 00"))).containsExactly(new Puback(10));
        assertThat(decode(hex("E0 02 00 00"))).containsExactly(Disconnect.INSTANCE);
    }

    @Test
    void subscribeWithOptionsAndAnIdentifier() {
        // section 3.8.2: packet id 10, properties: subscription identifier 5; payload (3.8.3):
        // "a/b" with QoS 1, No Local, Retain As Published, Retain Handling 2 (0x2D);
        // "c/d" with QoS 2, Retain Handling 1 (0x12)
        golden(new Subscribe(10, List.of(new Subscription("a/b", 1, true, true, 2),
                        new Subscription("c/d", 2, false, false, 1)),
                        props().number(SUBSCRIPTION_IDENTIFIER, 5).build()),
                "82 11 00 0A 02 0B 05 00 03 61 2F 62 2D 00 03 63 2F 64 12");
    }

    @Test
    void subackWithAFailure() {
        // section 3.9: packet id 10, no properties, granted QoS 1, granted QoS 2, 0x97 quota exceeded
        golden(new Suback(10, List.of(1, 2, 0x97)), "90 06 00 0A 00 01 02 97");
    }

    @Test
    void unsubscribeWithAUserProperty() {
        // section 3.10: packet id 10, properties: user property k=v; payload: "a/b"
        golden(new Unsubscribe(10, List.of("a/b"), props().userProperty("k", "v").build()),
                "A2 0F 00 0A 07 26 00 01 6B 00 01 76 00 03 61 2F 62");
    }

    @Test
    void unsubackWithReasonCodes() {
        // section 3.11: packet id 10, no properties, success, 0x11 no subscription existed
        golden(new Unsuback(10, List.of(0, 0x11), Properties.EMPTY), "B0 05 00 0A 00 00 11");
    }

    @Test
    void pings() {
        // sections 3.12 and 3.13: unchanged from 3.1.1
        golden(Pingreq.INSTANCE, "C0 00");
        golden(Pingresp.INSTANCE, "D0 00");
    }

    @Test
    void disconnects() {
        // section 3.14.2.1: a normal disconnection without properties has remaining length 0
        golden(Disconnect.INSTANCE, "E0 00");
        // 0x04 disconnect with will message, no properties: no property length
        golden(new Disconnect(0x04, Properties.EMPTY), "E0 01 04");
        // the client sets session expiry 0 as it leaves (section 3.14.2.2.2)
        golden(new Disconnect(0, props().number(SESSION_EXPIRY_INTERVAL, 0).build()),
                "E0 07 00 05 11 00 00 00 00");
        // the server sends 0x9C use another server, with a server reference "b:1883" (3.14.2.2.5)
        golden(new Disconnect(0x9C, props().string(SERVER_REFERENCE, "b:1883").build()),
                "E0 0B 9C 09 1C 00 06 62 3A 31 38 38 33");
    }

    @Test
    void auth() {
        // section 3.15: success without properties has remaining length 0
        golden(new Auth(0, Properties.EMPTY), "F0 00");
        // 0x18 continue authentication, method "SCRAM", data 01 02
        golden(new Auth(0x18, props().string(AUTHENTICATION_METHOD, "SCRAM")
                        .binary(AUTHENTICATION_DATA, new byte[] {1, 2}).build()),
                "F0 0F 18 0D 15 00 05 53 43 52 41 4D 16 00 02 01 02");
    }
}
