package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.internal.packet.Packet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed corpus of {@link DecoderFuzzTest}: every sample packet of
 * {@link RoundTripTest} alone and all of them in one stream, under each version and size mode,
 * plus a few hand-made malformed frames. Run once from the module directory when the samples
 * change: {@code java -cp target/test-classes:target/classes dev.kite.mqtt.internal.codec.FuzzSeeds}.
 */
final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/dev/kite/mqtt/internal/codec/DecoderFuzzTestInputs/decode");
        Files.createDirectories(dir);
        List<Packet> samples = RoundTripTest.samples();
        int n = 0;
        for (int mode : new int[] {0, 1, 4}) {
            for (Packet p : samples) {
                byte[] bytes = Encoder.encode(p);
                if (bytes.length > 4096) {
                    continue;
                }
                write(dir, "seed-" + n++, mode, bytes);
            }
        }
        write(dir, "seed-stream", 0, small(samples));
        write(dir, "seed-stream-31", 1, small(samples));
        write(dir, "seed-reserved-0", 0, new byte[] {0x00, 0x00});
        write(dir, "seed-reserved-15", 0, new byte[] {(byte) 0xF0, 0x00});
        write(dir, "seed-length-5-bytes", 0, new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
        write(dir, "seed-qos3", 0, new byte[] {0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01});
        write(dir, "seed-http", 0, "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static byte[] small(List<Packet> samples) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Packet p : samples) {
            byte[] b = Encoder.encode(p);
            if (b.length <= 4096) {
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    static void write(Path dir, String name, int mode, byte[] stream) throws IOException {
        byte[] input = new byte[stream.length + 2];
        input[0] = (byte) mode;
        input[1] = (byte) name.hashCode();
        System.arraycopy(stream, 0, input, 2, stream.length);
        Files.write(dir.resolve(name), input);
    }
}
