package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Packet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed corpus of {@link V5DecoderFuzzTest}: every sample packet of
 * {@link V5RoundTripTest} alone and all of them in one stream, under two size modes, plus a few
 * malformed frames. Run once from the module directory when the samples change:
 * {@code java -cp target/test-classes:target/classes dev.kite.mqtt.internal.codec.V5FuzzSeeds}.
 */
final class V5FuzzSeeds {
    private V5FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/dev/kite/mqtt/internal/codec/V5DecoderFuzzTestInputs/decode");
        Files.createDirectories(dir);
        List<Packet> samples = V5RoundTripTest.samples();
        int n = 0;
        for (int mode : new int[] {0, 4}) {
            for (Packet p : samples) {
                byte[] bytes = Encoder.encode(p, ProtocolVersion.MQTT_5);
                if (bytes.length <= 4096) {
                    FuzzSeeds.write(dir, "seed-" + n, mode, bytes);
                }
                n++;
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Packet p : samples) {
            byte[] b = Encoder.encode(p, ProtocolVersion.MQTT_5);
            if (b.length <= 4096) {
                all.writeBytes(b);
            }
        }
        FuzzSeeds.write(dir, "seed-stream", 0, all.toByteArray());
        FuzzSeeds.write(dir, "seed-auth-continue", 0, Bytes.hex("F0 0F 18 0D 15 00 05 53 43 52 41 4D 16 00 02 01 02"));
        FuzzSeeds.write(dir, "seed-puback-long-success", 0, Bytes.hex("40 04 00 0A 00 00"));
        FuzzSeeds.write(dir, "seed-varint-5-bytes", 0, Bytes.hex("30 0A 00 01 61 06 0B 80 80 80 80 01"));
        FuzzSeeds.write(dir, "seed-property-overrun", 0, Bytes.hex("40 08 00 01 00 02 1F 00 00 41"));
        FuzzSeeds.write(dir, "seed-duplicate-property", 0, Bytes.hex("20 09 00 00 06 21 00 0A 21 00 0A"));
    }
}
