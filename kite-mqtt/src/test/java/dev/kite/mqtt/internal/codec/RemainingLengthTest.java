package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.codec.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Packet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The Remaining Length varint at the boundaries of table 2.4 of the specification (section 2.2.3). */
class RemainingLengthTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 00",
        "127, 7F",
        "128, 80 01",
        "16383, FF 7F",
        "16384, 80 80 01",
        "2097151, FF FF 7F",
        "2097152, 80 80 80 01",
        "268435455, FF FF FF 7F",
    })
    void encodesTheBoundariesOfTable24(int value, String hex) {
        byte[] expected = hex(hex);
        byte[] buf = new byte[4];
        int end = VarInt.write(value, buf, 0);
        assertThat(Arrays.copyOf(buf, end)).isEqualTo(expected);
        assertThat(VarInt.size(value)).isEqualTo(expected.length);
    }

    @ParameterizedTest
    // no PUBLISH is shorter than 3; the golden PINGREQ covers 0
    @CsvSource({"127", "128", "16383", "16384", "2097151", "2097152"})
    void publishWithThatRemainingLengthRoundTrips(int remaining) {
        // topic "t" takes 3 bytes; a payload fills the rest
        Publish p = new Publish("t", new byte[remaining - 3], 0, false, false, 0);
        byte[] bytes = Encoder.encode(p);
        assertThat(bytes).hasSize(1 + VarInt.size(remaining) + remaining);
        List<Packet> decoded = Bytes.decode(bytes);
        assertThat(decoded).hasSize(1);
        Bytes.assertSamePacket(decoded.get(0), p);
    }

    @Test
    void largestRemainingLengthIsAcceptedWithoutAllocatingIt() {
        FrameDecoder d = new FrameDecoder();
        Bytes.decode(d, hex("30 FF FF FF 7F 00 01 74"));
        assertThat(d.bodyCapacity()).isLessThanOrEqualTo(FrameDecoder.INITIAL_BODY);
    }

    @Test
    void valuesBeyondFourBytesCannotBeEncoded() {
        assertThatThrownBy(() -> VarInt.size(268_435_456))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(section 2.2.3)");
        assertThatThrownBy(() -> VarInt.write(-1, new byte[4], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fiveByteRemainingLengthIsRejected() {
        assertThatThrownBy(() -> Bytes.decode(hex("30 FF FF FF FF 7F")))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessage("PUBLISH: remaining length takes more than 4 bytes (section 2.2.3)");
    }
}
