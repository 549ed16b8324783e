package dev.kite.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kite.mqtt.MqttProtocolException;
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

    /**
     * Input layout: byte 0 picks the maximum (bits 1-2: the protocol's, 16, 1024, or bytes 2-3 as
     * a number); byte 1 seeds the chunk sizes; the rest is the stream.
     */
    @FuzzTest(maxDuration = "30m")
    void decode(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int mode = input[0] & 0xFF;
        int start = 2;
        int max;
        switch ((mode >> 1) & 3) {
            case 0 -> max = FrameDecoder.MAX_REMAINING_LENGTH;
            case 1 -> max = 16;
            case 2 -> max = 1024;
            default -> {
                max = input.length < 4 ? 0 : ((input[2] & 0xFF) << 8 | input[3] & 0xFF);
                start = Math.min(4, input.length);
            }
        }
        FrameDecoder decoder = new FrameDecoder(max, V5);
        List<Packet> packets = new ArrayList<>();
        long fed = 0;
        int chunkSeed = input[1] & 0xFF;
        int pos = start;
        while (pos < input.length) {
            chunkSeed = (chunkSeed * 73 + 41) & 0xFF;
            int len = Math.min(input.length - pos, 1 + (chunkSeed & 63));
            try {
                decoder.feed(input, pos, len, packets::add);
            } catch (MqttProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
                assertThat(e.reasonCode()).isBetween(0x80, 0xFF);
                checkRefusesInput(decoder);
                checkReencodes(packets);
                return;
            }
            pos += len;
            fed += len;
            assertThat(decoder.bodyCapacity()).isLessThanOrEqualTo(max);
            assertThat((long) decoder.bodyCapacity()).isLessThanOrEqualTo(Math.max(FrameDecoder.INITIAL_BODY, 2 * fed));
        }
        checkReencodes(packets);
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

    private static void checkRefusesInput(FrameDecoder decoder) {
        try {
            decoder.feed(new byte[] {(byte) 0xC0, 0}, 0, 2, p -> {
                throw new AssertionError("a failed decoder produced " + p);
            });
            throw new AssertionError("a failed decoder accepted input");
        } catch (IllegalStateException expected) {
            // the connection must be closed
        }
    }
}
