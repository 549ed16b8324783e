package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.codec.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each malformed input fails with the packet type and the rule in the message, and never hangs or over-allocates. */
class MalformedInputTest {
    /** A 3.1.1 CONNECT with empty client id; {@code %s} is the connect flags byte. */
    private static final String CONNECT_WITH_FLAGS = "10 0C 00 04 4D 51 54 54 04 %s 00 00 00 00";

    private static AbstractThrowableAssert<?, ? extends Throwable> decoding(String hex) {
        return assertThatThrownBy(() -> Bytes.decode(hex(hex))).isInstanceOf(MqttProtocolException.class);
    }

    private static List<Packet> decode31(String hex) {
        return Bytes.decode(new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, ProtocolVersion.MQTT_3_1), hex(hex));
    }

    @Test
    void reservedType0() {
        decoding("00 00").hasMessage("RESERVED: packet type 0 is reserved (section 2.2.1)");
    }

    @Test
    void reservedType15() {
        decoding("F0 00").hasMessageContaining("packet type 15 is reserved");
    }

    @Test
    void wrongFlagsOnPuback() {
        decoding("41 02 00 01").hasMessage("PUBACK: fixed header flags 0b0001, must be 0b0000 [MQTT-2.2.2-2]");
    }

    @Test
    void pubrelWithoutItsReservedBit() {
        decoding("60 02 00 01").hasMessage("PUBREL: fixed header flags 0b0000, must be 0b0010 [MQTT-2.2.2-2]");
    }

    @Test
    void subscribeWithoutItsReservedBit() {
        decoding("80 08 00 01 00 03 61 2F 62 00").hasMessageContaining("SUBSCRIBE: fixed header flags 0b0000");
    }

    @Test
    void unsubscribeWithWrongFlags() {
        decoding("A3 07 00 01 00 03 61 2F 62").hasMessageContaining("UNSUBSCRIBE: fixed header flags 0b0011");
    }

    @Test
    void publishQos3() {
        decoding("36 07 00 03 61 2F 62 00 01").hasMessage("PUBLISH: QoS 3 is malformed [MQTT-3.3.1-4]");
    }

    @Test
    void remainingLengthOverFourBytes() {
        decoding("C0 80 80 80 80 01").hasMessage("PINGREQ: remaining length takes more than 4 bytes (section 2.2.3)");
    }

    @Test
    void remainingLengthOverTheMaximumFailsAtTheHeader() {
        // 200 MB declared against a 1 MB limit: fails on the last length byte, before any body
        FrameDecoder d = new FrameDecoder(1 << 20);
        assertThatThrownBy(() -> Bytes.decode(d, hex("30 80 80 80 64")))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessage("PUBLISH: remaining length 209715200 exceeds the maximum 1048576 this client accepts"
                        + " (raise it with ClientOptions.setMaxIncomingPacketSize)");
        assertThat(d.bodyCapacity()).isZero();
    }

    @Test
    void declaredHugeLengthAllocatesOnlyWhatArrives() {
        FrameDecoder d = new FrameDecoder();
        List<Packet> out = Bytes.decode(d, hex("30 80 80 80 64 00 03 61 2F 62 00"));
        assertThat(out).isEmpty();
        assertThat(d.bodyCapacity()).isLessThanOrEqualTo(FrameDecoder.INITIAL_BODY);
        // and it keeps growing only with the bytes: 20 KiB more means at most 32 KiB of buffer
        d.feed(new byte[20_000], 0, 20_000, out::add);
        assertThat(d.bodyCapacity()).isLessThanOrEqualTo(32 * 1024);
    }

    @Test
    void connackLongerThanTwo() {
        decoding("20 03 00 00 00").hasMessage("CONNACK: remaining length 3, must be exactly 2 (section 2.2.3)");
    }

    @Test
    void pubackShorterThanTwo() {
        decoding("40 01 00").hasMessage("PUBACK: remaining length 1, must be exactly 2 (section 2.2.3)");
    }

    @Test
    void pingrespWithABody() {
        decoding("D0 01 00").hasMessage("PINGRESP: remaining length 1, must be exactly 0 (section 2.2.3)");
    }

    @Test
    void disconnectWithABody() {
        decoding("E0 01 00").hasMessageContaining("DISCONNECT: remaining length 1, must be exactly 0");
    }

    @Test
    void publishTooShortForItsTopic() {
        decoding("30 04 00 05 61 2F").hasMessageStartingWith("PUBLISH: remaining length 4 is too short for the topic name")
                .hasMessageEndingWith("(section 2.2.3)");
    }

    @Test
    void publishQos1TooShortForItsPacketId() {
        decoding("32 06 00 03 61 2F 62 00").hasMessageContaining("PUBLISH: remaining length 6 is too short for the packet id");
    }

    @Test
    void connectWithBytesLeftOver() {
        decoding("10 0D 00 04 4D 51 54 54 04 02 00 00 00 00 FF")
                .hasMessageContaining("CONNECT: 1 bytes left over after the last field");
    }

    @Test
    void malformedUtf8() {
        // C3 28: a two-byte lead followed by a non-continuation byte
        decoding("30 04 00 02 C3 28").hasMessage("PUBLISH: topic name is not well-formed UTF-8 [MQTT-1.5.3-1]");
    }

    @Test
    void utf8EncodedSurrogate() {
        // ED A0 80 is U+D800 encoded as if it were a character [MQTT-1.5.3-1]
        decoding("30 05 00 03 ED A0 80").hasMessageContaining("not well-formed UTF-8 [MQTT-1.5.3-1]");
    }

    @Test
    void overlongUtf8() {
        decoding("30 04 00 02 C0 AF").hasMessageContaining("not well-formed UTF-8 [MQTT-1.5.3-1]");
    }

    @Test
    void nulCharacterInAString() {
        decoding("30 05 00 03 61 00 62").hasMessage("PUBLISH: topic name contains U+0000 at byte 1 [MQTT-1.5.3-2]");
    }

    @Test
    void nulCharacterInClientId() {
        decoding("10 0D 00 04 4D 51 54 54 04 02 00 00 00 01 00")
                .hasMessageContaining("CONNECT: client identifier contains U+0000");
    }

    @Test
    void publishTopicWithWildcard() {
        decoding("30 05 00 03 61 2F 2B").hasMessageStartingWith("PUBLISH: topic name 'a/+'")
                .hasMessageEndingWith("[MQTT-3.3.2-2]");
    }

    @Test
    void publishTopicEmpty() {
        decoding("30 02 00 00").hasMessage("PUBLISH: topic name is empty [MQTT-4.7.3-1]");
    }

    @Test
    void publishQos1WithPacketId0() {
        decoding("32 07 00 03 61 2F 62 00 00").hasMessage("PUBLISH: packet id 0, must be 1 to 65535 [MQTT-2.3.1-1]");
    }

    @Test
    void pubackWithPacketId0() {
        decoding("40 02 00 00").hasMessage("PUBACK: packet id 0, must be 1 to 65535 [MQTT-2.3.1-1]");
    }

    @Test
    void subscribeWithPacketId0() {
        decoding("82 06 00 00 00 01 61 00").hasMessageContaining("SUBSCRIBE: packet id 0");
    }

    @Test
    void subscribeWithoutFilters() {
        decoding("82 02 00 01").hasMessage("SUBSCRIBE: no topic filters [MQTT-3.8.3-3]");
    }

    @Test
    void subscribeRequestingQos3() {
        decoding("82 06 00 01 00 01 61 03").hasMessage("SUBSCRIBE: topic filter 'a': requested QoS 3 is malformed [MQTT-3-8.3-4]");
    }

    @Test
    void subscribeWithReservedBitsSet() {
        decoding("82 06 00 01 00 01 61 41").hasMessageContaining("reserved bits set [MQTT-3-8.3-4]");
    }

    @Test
    void subscribeWithoutTheRequestedQosByte() {
        decoding("82 05 00 01 00 01 61").hasMessageContaining("SUBSCRIBE: remaining length 5 is too short for the requested QoS");
    }

    @Test
    void subscribeWithInvalidFilter() {
        decoding("82 0A 00 01 00 05 61 2F 23 2F 62 00")
                .hasMessageStartingWith("SUBSCRIBE: topic filter 'a/#/b': '#' must be the last level");
    }

    @Test
    void subscribeWithEmptyFilter() {
        decoding("82 05 00 01 00 00 00").hasMessageContaining("SUBSCRIBE: topic filter must not be empty");
    }

    @Test
    void unsubscribeWithoutFilters() {
        decoding("A2 02 00 01").hasMessage("UNSUBSCRIBE: no topic filters [MQTT-3.10.3-2]");
    }

    @Test
    void unsubscribeWithInvalidFilter() {
        decoding("A2 06 00 01 00 02 61 2B").hasMessageContaining("UNSUBSCRIBE: topic filter 'a+'");
    }

    @Test
    void subackWithUnknownReturnCode() {
        decoding("90 03 00 01 03").hasMessage("SUBACK: return code 0x3 must be 0, 1, 2 or 0x80 [MQTT-3.9.3-2]");
    }

    @Test
    void subackWithoutReturnCodes() {
        decoding("90 02 00 01").hasMessage("SUBACK: no return codes [MQTT-3.8.4-5]");
    }

    @Test
    void connackWithReservedAckFlags() {
        decoding("20 02 02 00").hasMessage("CONNACK: acknowledge flags 0x2: reserved bits 7-1 are set (section 3.2.2.1)");
    }

    @Test
    void connackFirstByteIsUnusedInMqtt31() {
        List<Packet> out = new ArrayList<>();
        new FrameDecoder(1024, ProtocolVersion.MQTT_3_1).feed(hex("20 02 FF 00"), 0, 4, out::add);
        assertThat(out).containsExactly(new Connack(false, 0));
    }

    @Test
    void connackReturnCodeAbove5() {
        decoding("20 02 00 06").hasMessage("CONNACK: return code 6 is not one of 0 to 5 (section 3.2.2.3, table 3.1)");
    }

    @Test
    void connackSessionPresentWithRefusal() {
        decoding("20 02 01 05").hasMessage("CONNACK: session present with refusal code 5 [MQTT-3.2.2-4]");
    }

    @Test
    void connectWithUnknownLevel() {
        decoding("10 0C 00 04 4D 51 54 54 05 02 00 00 00 00")
                .hasMessageStartingWith("CONNECT: unknown protocol name 'MQTT' with level 5");
    }

    @Test
    void connectWithMismatchedNameAndLevel() {
        // "MQIsdp" is level 3 only
        decoding("10 0E 00 06 4D 51 49 73 64 70 04 02 00 00 00 00")
                .hasMessageContaining("unknown protocol name 'MQIsdp' with level 4,")
                .hasMessageEndingWith("[MQTT-3.1.2-1] [MQTT-3.1.2-2]");
    }

    @Test
    void connectWithReservedFlag() {
        decoding(CONNECT_WITH_FLAGS.formatted("03")).hasMessage("CONNECT: connect flags 0x3: reserved bit 0 is set [MQTT-3.1.2-3]");
    }

    @Test
    void connectWithWillQosButNoWill() {
        decoding(CONNECT_WITH_FLAGS.formatted("0A")).hasMessageContaining("will QoS 1 without the will flag [MQTT-3.1.2-11] [MQTT-3.1.2-13]");
    }

    @Test
    void connectWithWillRetainButNoWill() {
        decoding(CONNECT_WITH_FLAGS.formatted("22")).hasMessageContaining("will retain without the will flag [MQTT-3.1.2-11] [MQTT-3.1.2-15]");
    }

    @Test
    void connectWithWillQos3() {
        decoding(CONNECT_WITH_FLAGS.formatted("1E")).hasMessage("CONNECT: will QoS 3 is malformed [MQTT-3.1.2-14]");
    }

    @Test
    void connectWithPasswordButNoUserName() {
        decoding(CONNECT_WITH_FLAGS.formatted("42")).hasMessage("CONNECT: password flag without the user name flag [MQTT-3.1.2-22]");
    }

    @Test
    void connectWithWillFlagButNoWillTopic() {
        decoding(CONNECT_WITH_FLAGS.formatted("06")).hasMessageContaining("CONNECT: remaining length 12 is too short for the will topic length");
    }

    @Test
    void connectWithWildcardWillTopic() {
        decoding("10 11 00 04 4D 51 54 54 04 06 00 00 00 00 00 01 23 00 00")
                .hasMessageStartingWith("CONNECT: will topic name '#'").hasMessageEndingWith("[MQTT-3.1.3-10]");
    }

    @Test
    void decoderRefusesInputAfterAnError() {
        FrameDecoder d = new FrameDecoder();
        assertThatThrownBy(() -> Bytes.decode(d, hex("00 00"))).isInstanceOf(MqttProtocolException.class);
        assertThatThrownBy(() -> Bytes.decode(d, hex("C0 00")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("connection must be closed");
    }

    @Test
    void packetsBeforeTheErrorAreDelivered() {
        List<Packet> out = new ArrayList<>();
        byte[] bytes = hex("C0 00 D0 00 F0 00");
        assertThatThrownBy(() -> new FrameDecoder().feed(bytes, 0, bytes.length, out::add))
                .isInstanceOf(MqttProtocolException.class);
        assertThat(out).hasSize(2);
    }

    // What a 3.1.1 server may send: the rules docs/RELIABILITY.md lists, one test each

    /** Every packet a server sends, valid but for its flags: the type's first byte and the rest. */
    static Stream<Arguments> serverPacketsWithEachWrongFlag() {
        int[][] packets = {
            {0x20, 0x02, 0x00, 0x00}, {0x40, 0x02, 0x00, 0x01}, {0x50, 0x02, 0x00, 0x01}, {0x62, 0x02, 0x00, 0x01},
            {0x70, 0x02, 0x00, 0x01}, {0x90, 0x03, 0x00, 0x01, 0x00}, {0xB0, 0x02, 0x00, 0x01}, {0xD0, 0x00},
        };
        return Stream.of(packets).flatMap(p -> IntStream.range(0, 16).filter(f -> f != (p[0] & 0x0F)).mapToObj(f -> {
            byte[] b = new byte[p.length];
            for (int i = 0; i < p.length; i++) {
                b[i] = (byte) p[i];
            }
            b[0] = (byte) (p[0] & 0xF0 | f);
            return Arguments.of(Packet.Type.name(p[0] >>> 4), f, b);
        }));
    }

    @ParameterizedTest(name = "{0} with flags {1}")
    @MethodSource("serverPacketsWithEachWrongFlag")
    void everyWrongFixedHeaderFlagOfAServerPacketIsMalformed_MQTT_2_2_2_2(String type, int flags, byte[] bytes) {
        assertThatThrownBy(() -> Bytes.decode(bytes)).isInstanceOf(MqttProtocolException.class)
                .hasMessageStartingWith(type + ": fixed header flags 0b").hasMessageEndingWith("[MQTT-2.2.2-2]");
    }

    @Test
    void publishQos0WithDup_MQTT_3_3_1_2() {
        decoding("38 05 00 03 61 2F 62").hasMessage("PUBLISH: DUP flag set at QoS 0, must be 0 [MQTT-3.3.1-2]");
    }

    @Test
    void publishQos0WithDupIsToleratedInMqtt31() {
        // 3.1 only says DUP applies to QoS 1 and 2; no rule forbids it at QoS 0
        assertThat(decode31("38 05 00 03 61 2F 62")).hasSize(1);
    }

    @Test
    void publishWithDupAtQos1And2IsLegal() {
        assertThat(Bytes.decode(hex("3A 07 00 03 61 2F 62 00 01 3C 07 00 03 61 2F 62 00 02")))
                .allSatisfy(p -> assertThat(((Publish) p).dup()).isTrue());
    }

    @Test
    void pubrelWithDupIsMalformedInMqtt311() {
        decoding("6A 02 00 01").hasMessage("PUBREL: fixed header flags 0b1010, must be 0b0010 [MQTT-2.2.2-2]");
    }

    @Test
    void pubrelWithDupIsLegalInMqtt31() {
        // MQTT 3.1 sets DUP on a resent PUBREL; Mosquitto 1.x resent PUBREL as 0x6A
        assertThat(decode31("6A 02 00 01")).containsExactly(new Pubrel(1));
    }

    @Test
    void pubackWithDupIsMalformedInMqtt31Too() {
        assertThatThrownBy(() -> decode31("48 02 00 01")).isInstanceOf(MqttProtocolException.class)
                .hasMessage("PUBACK: fixed header flags 0b1000, must be 0b0000 [MQTT-2.2.2-2]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PUBACK 40 02 00 00", "PUBREC 50 02 00 00", "PUBREL 62 02 00 00", "PUBCOMP 70 02 00 00",
        "SUBACK 90 03 00 00 01", "UNSUBACK B0 02 00 00", "PUBLISH 34 07 00 03 61 2F 62 00 00"})
    void packetId0InEveryServerPacketThatCarriesOne_MQTT_2_3_1_1(String packet) {
        String type = packet.substring(0, packet.indexOf(' '));
        decoding(packet.substring(type.length() + 1)).hasMessage(type + ": packet id 0, must be 1 to 65535 [MQTT-2.3.1-1]");
    }

    @Test
    void publishQos0HasNoPacketId_MQTT_2_3_1_5() {
        // the two bytes after the topic are payload at QoS 0, not an id
        List<Packet> out = Bytes.decode(hex("30 07 00 03 61 2F 62 00 00"));
        assertThat(((Publish) out.get(0)).packetId()).isZero();
        assertThat(((Publish) out.get(0)).payload()).containsExactly(0, 0);
    }

    @Test
    void unsubackLongerThanTwo() {
        decoding("B0 03 00 01 00").hasMessage("UNSUBACK: remaining length 3, must be exactly 2 (section 2.2.3)");
    }

    @Test
    void subackWithOnlyAPacketIdIsTooShort() {
        decoding("90 01 00").hasMessageStartingWith("SUBACK: remaining length 1 is too short for the packet id");
    }

    @Test
    void remainingLengthInMoreBytesThanNeededIsAccepted() {
        // 3.1.1 has no minimal-encoding rule (5.0 adds [MQTT-1.5.5-1]); the four-byte cap still holds
        assertThat(Bytes.decode(hex("D0 80 00 40 82 80 00 00 01")))
                .containsExactly(Pingresp.INSTANCE, new Puback(1));
    }

    @Test
    void byteOrderMarkIsKeptInATopic_MQTT_1_5_3_3() {
        List<Packet> out = Bytes.decode(hex("30 06 00 04 EF BB BF 61"));
        assertThat(((Publish) out.get(0)).topic()).isEqualTo("\uFEFFa");
    }

    @Test
    void controlCharactersAndNonCharactersInATopicAreAccepted() {
        // section 1.5.3: a receiver MAY close on U+0001..U+001F, U+007F..U+009F and non-characters; Kite does not
        List<Packet> out = Bytes.decode(hex("30 09 00 07 01 7F C2 9F EF BF BF"));
        assertThat(((Publish) out.get(0)).topic()).isEqualTo("\u0001\u007F\u009F\uFFFF");
    }

    @Test
    void topicStartingWithDollarIsAccepted() {
        assertThat(((Publish) Bytes.decode(hex("30 0B 00 09 24 53 59 53 2F 75 70 74 6D")).get(0)).topic())
                .isEqualTo("$SYS/uptm");
    }

    @Test
    void subackFailureCodeIsAcceptedInMqtt31Too() {
        // 0x80 is new in 3.1.1; from a 3.1 broker it can still mean only failure
        assertThat(decode31("90 04 00 01 80 01")).containsExactly(new Suback(1, List.of(0x80, 1)));
    }

    @Test
    void connackReturnCodeAbove5InMqtt31() {
        assertThatThrownBy(() -> decode31("20 02 00 06")).isInstanceOf(MqttProtocolException.class)
                .hasMessage("CONNACK: return code 6 is not one of 0 to 5 (section 3.2.2.3, table 3.1)");
    }
}
