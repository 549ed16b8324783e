package dev.kite.cli.mosq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded read behind kite pub -f and -s. */
class PubToolTest {
    /** An endless input that counts the bytes taken from it. */
    private static final class Endless extends InputStream {
        long taken;

        @Override
        public int read() {
            taken++;
            return 7;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 7);
            taken += len;
            return len;
        }
    }

    @Test
    void anInputUpToTheLimitIsReadWhole() throws IOException {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        assertThat(PubTool.readAtMost(new ByteArrayInputStream(data), 100_000)).isEqualTo(data);
        assertThat(PubTool.readAtMost(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
    }

    @Test
    void anInputOverTheLimitIsRefusedAfterLimitPlusOneBytes() throws IOException {
        assertThat(PubTool.readAtMost(new ByteArrayInputStream(new byte[100_001]), 100_000)).isNull();
        Endless endless = new Endless();
        assertThat(PubTool.readAtMost(endless, 1_000_000)).isNull();
        assertThat(endless.taken).isEqualTo(1_000_001);
    }

    @Test
    void shortReadsDoNotEndTheInput() throws IOException {
        byte[] data = new byte[50_000];
        new Random(2).nextBytes(data);
        // a pipe hands over a few bytes at a time
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 100));
            }
        };
        assertThat(PubTool.readAtMost(trickle, 50_000)).isEqualTo(data);
    }
}
