package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.internal.packet.Packet;
import org.assertj.core.api.Assertions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: bytes from hex as the specification's figures print them, and decoding a whole array. */
final class Bytes {
    private Bytes() {
    }

    /** Parses {@code "10 0C 00 04"} into bytes; spaces are ignored. */
    static byte[] hex(String hex) {
        String h = hex.replace(" ", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Decodes every packet of {@code bytes}, fed in one call to a fresh 3.1.1 decoder. */
    static List<Packet> decode(byte[] bytes) {
        return decode(new FrameDecoder(), bytes);
    }

    static List<Packet> decode(FrameDecoder decoder, byte[] bytes) {
        List<Packet> out = new ArrayList<>();
        decoder.feed(bytes, 0, bytes.length, out::add);
        return out;
    }

    /**
     * Decodes every packet of {@code bytes} fed in random chunks, from a byte to 20,000, each a
     * copy with slack around it to prove offsets are honoured.
     */
    static List<Packet> decodeInRandomChunks(FrameDecoder d, byte[] bytes, long seed) {
        java.util.Random random = new java.util.Random(seed);
        List<Packet> out = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, random.nextInt(random.nextBoolean() ? 8 : 20_000));
            byte[] chunk = new byte[n + 6];
            System.arraycopy(bytes, pos, chunk, 3, n);
            d.feed(chunk, 3, n, out::add);
            pos += n;
        }
        return out;
    }

    /**
     * Asserts two packets are equal field by field; byte arrays by content, compared with
     * {@link Arrays#equals(byte[], byte[])} because element-wise reflection is slow on megabytes.
     */
    static void assertSamePacket(Packet actual, Packet expected) {
        Assertions.assertThat(actual).usingRecursiveComparison()
                .withEqualsForType(Arrays::equals, byte[].class)
                .isEqualTo(expected);
    }

    /** Concatenates arrays. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
