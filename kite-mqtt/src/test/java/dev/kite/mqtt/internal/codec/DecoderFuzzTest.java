package dev.kite.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link FrameDecoder} with every packet type, in both protocol versions, fed in random
 * chunks. The invariant: a stream yields packets or one {@link MqttProtocolException}, nothing
 * else; after the exception the decoder refuses input; the body buffer never exceeds the
 * configured maximum nor grows faster than the bytes that arrived.
 *
 * <p>A normal test run replays the corpus under
 * {@code src/test/resources/dev/kite/mqtt/internal/codec/DecoderFuzzTestInputs/decode/}. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -o -pl kite-mqtt test-compile surefire:test@fuzz -Dtest=DecoderFuzzTest} (see docs/RELIABILITY.md).
 */
class DecoderFuzzTest {

    /**
     * Input layout: byte 0 picks the version (bit 0) and the maximum (bits 1-2: the protocol's,
     * 16, 1024, or bytes 2-3 as a number); byte 1 seeds the chunk sizes; the rest is the stream.
     */
    @FuzzTest(maxDuration = "30m")
    void decode(byte[] input) {
        if (input.length < 2) {
            return;
        }
        ProtocolVersion version = (input[0] & 1) == 0 ? ProtocolVersion.MQTT_3_1_1 : ProtocolVersion.MQTT_3_1;
        for (Packet p : decodeInChunks(input, version)) {
            assertThat(p.type()).isBetween(1, 14);
            assertThat(p.toString()).isNotNull();
        }
    }

    /**
     * Feeds the stream of a fuzz input (layout as {@link #decode}; bit 0 of byte 0 is the
     * caller's) to a decoder of {@code version} in chunks, checking the decoder's invariants.
     *
     * @return the packets decoded, up to the end of the input or up to a protocol error, which
     *     has been checked
     */
    static List<Packet> decodeInChunks(byte[] input, ProtocolVersion version) {
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
        FrameDecoder decoder = new FrameDecoder(max, version);
        List<Packet> packets = new ArrayList<>();
        long fed = 0;
        int chunkSeed = input[1] & 0xFF;
        int pos = start;
        while (pos < input.length) {
            // a small deterministic sequence of chunk sizes from 1 to 64 bytes
            chunkSeed = (chunkSeed * 73 + 41) & 0xFF;
            int len = Math.min(input.length - pos, 1 + (chunkSeed & 63));
            try {
                decoder.feed(input, pos, len, packets::add);
            } catch (MqttProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
                assertThat(e.reasonCode()).isBetween(0x80, 0xFF);
                checkRefusesInput(decoder);
                return packets;
            }
            pos += len;
            fed += len;
            assertThat(decoder.bodyCapacity()).isLessThanOrEqualTo(max);
            assertThat((long) decoder.bodyCapacity()).isLessThanOrEqualTo(Math.max(FrameDecoder.INITIAL_BODY, 2 * fed));
        }
        return packets;
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
