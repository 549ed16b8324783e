package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.codec.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each malformed input fails with the packet type and the rule in the message, and never hangs or over-allocates. */
class MalformedInputTest {
    /** A 3.1.1 CONNECT with empty client id; {@code %s} is the connect flags byte. */
    private static final String CONNECT_WITH_FLAGS = "10 0C 00 04 4D 51 54 54 04 %s 00 00 00 00";

    private static AbstractThrowableAssert<?, ? extends Throwable> decoding(String hex) {
        return assertThatThrownBy(() -> Bytes.decode(hex(hex))).isInstanceOf(MqttProtocolException.class);
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
}
