package dev.kite.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link FrameDecoder} under MQTT 5.0 with every packet type, fed in random chunks. The
 * invariants: a stream yields packets or one {@link MqttProtocolException} with a reason code
 * from 0x80 up, nothing else; after the exception the decoder refuses input; the body buffer
 * never exceeds the configured maximum nor grows faster than the bytes that arrived; and every
 * packet it accepts the encoder accepts too, encoding to bytes that decode to the same packet
 * (so the two directions check the same rules).
 *
 * <p>A normal test run replays the corpus under
 * {@code src/test/resources/dev/kite/mqtt/internal/codec/V5DecoderFuzzTestInputs/decode/}
 * (written by {@link V5FuzzSeeds}). To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -o -pl kite-mqtt test-compile surefire:test@fuzz -Dtest=V5DecoderFuzzTest}.
 */
class V5DecoderFuzzTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    /** Input layout as {@link DecoderFuzzTest#decode}, bit 0 of byte 0 unused. */
    @FuzzTest(maxDuration = "30m")
    void decode(byte[] input) {
        if (input.length >= 2) {
            checkReencodes(DecoderFuzzTest.decodeInChunks(input, V5));
        }
    }

    /** Every accepted packet encodes, and its bytes decode to a packet that encodes to the same bytes. */
    private static void checkReencodes(List<Packet> packets) {
        for (Packet p : packets) {
            assertThat(p.type()).isBetween(1, 15);
            assertThat(p.toString()).isNotNull();
            byte[] once = Encoder.encode(p, V5);
            List<Packet> again = new ArrayList<>();
            new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, V5).feed(once, 0, once.length, again::add);
            assertThat(again).hasSize(1);
            byte[] twice = Encoder.encode(again.get(0), V5);
            if (!Arrays.equals(once, twice)) {
                throw new AssertionError("re-encoding " + p + " changed its bytes");
            }
            assertThat(again.get(0).properties()).isEqualTo(p.properties());
        }
    }
}
