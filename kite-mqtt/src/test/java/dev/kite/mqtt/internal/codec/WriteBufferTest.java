package dev.kite.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The writer's buffer passes every byte through in order, whatever the write sizes. */
class WriteBufferTest {
    @Test
    void bytesComeOutInOrderForAnyMixOfWriteSizes() throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WriteBuffer buffer = new WriteBuffer(sink, 16, 256);
        for (int i = 0; i < 2_000; i++) {
            int kind = random.nextInt(4);
            if (kind == 0) {
                int b = random.nextInt(256);
                buffer.write(b);
                expected.write(b);
            } else {
                byte[] chunk = new byte[kind == 3 ? random.nextInt(1_000) : random.nextInt(40)];
                random.nextBytes(chunk);
                int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
                buffer.write(chunk, off, chunk.length - off);
                expected.write(chunk, off, chunk.length - off);
            }
            if (random.nextInt(50) == 0) {
                buffer.flush();
            }
        }
        buffer.flush();
        assertThat(sink.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void nothingReachesTheStreamBeforeAFlushWhileItFitsUnderTheMaximum() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WriteBuffer buffer = new WriteBuffer(sink, 16, 1_024);
        buffer.write(new byte[600], 0, 600);
        buffer.write(new byte[300], 0, 300);
        assertThat(sink.size()).as("batched in a grown buffer").isZero();
        buffer.flush();
        assertThat(sink.size()).isEqualTo(900);
    }
}
