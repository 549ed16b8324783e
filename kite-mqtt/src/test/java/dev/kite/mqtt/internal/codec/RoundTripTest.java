package dev.kite.mqtt.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every packet type survives encode then decode, however the bytes are chunked. */
class RoundTripTest {

    /** One or more of every packet type, with the edge values of their fields. */
    static List<Packet> samples() {
        byte[] big = new byte[70_000];
        new Random(1).nextBytes(big);
        return List.of(
                new Connect(ProtocolVersion.MQTT_3_1_1, false, true, 65535, "client-\u00e9\u4e2d",
                        new Connect.Will("will/t", "gone".getBytes(UTF_8), 2, true), "user", new byte[] {0, 1, 2}),
                new Connect(ProtocolVersion.MQTT_3_1, true, false, 0, "c", null, "only-user", null),
                new Connack(false, 0),
                new Connack(true, 0),
                new Connack(false, 4),
                new Publish("a/b", new byte[0], 0, false, false, 0),
                new Publish("$SYS/x", "p".getBytes(UTF_8), 1, true, true, 1),
                new Publish("\u00fcber/\uD83D\uDE00", big, 2, false, false, 65535),
                new Puback(1),
                new Pubrec(2),
                new Pubrel(3),
                new Pubcomp(4),
                new Subscribe(5, List.of(new Subscription("a/+/c", 0), new Subscription("$share/g/x/#", 2))),
                new Suback(5, List.of(0, 1, 2, 0x80)),
                new Unsubscribe(6, List.of("a/+/c", "#")),
                new Unsuback(6),
                Pingreq.INSTANCE,
                Pingresp.INSTANCE,
                Disconnect.INSTANCE);
    }

    static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : samples()) {
            try {
                Encoder.write(p, out);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out.toByteArray();
    }

    @Test
    void everyTypeIsCovered() {
        assertThat(samples()).extracting(Packet::type).containsAll(
                List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14));
    }

    @Test
    void writeEncodeAndEncodedLengthAgree() throws IOException {
        for (Packet p : samples()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Encoder.write(p, out);
            assertThat(out.toByteArray()).as("%s", p).isEqualTo(Encoder.encode(p));
            assertThat(Encoder.encodedLength(p)).as("%s", p).isEqualTo(out.size());
        }
    }

    @Test
    void writingIntoAWriteBufferGivesTheSameBytesWhateverItsSize() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Packet p : samples()) {
            Encoder.write(p, expected);
        }
        for (int[] sizes : new int[][] {{4, 4}, {16, 256}, {4096, 65536}, {200_000, 200_000}}) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            WriteBuffer buffer = new WriteBuffer(sink, sizes[0], sizes[1]);
            for (int i = 0; i < 3; i++) {
                for (Packet p : samples()) {
                    Encoder.write(p, buffer);
                }
            }
            buffer.flush();
            byte[] three = new byte[expected.size() * 3];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(expected.toByteArray(), 0, three, i * expected.size(), expected.size());
            }
            assertThat(sink.toByteArray()).as("buffer %d..%d", sizes[0], sizes[1]).isEqualTo(three);
        }
    }

    @Test
    void aPacketTheEncoderRefusesLeavesTheWriteBufferUntouched() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WriteBuffer buffer = new WriteBuffer(sink, 64, 64);
        Encoder.write(new Puback(1), buffer);
        assertThatThrownBy(() -> Encoder.write(new Publish("a/#", new byte[3], 1, false, false, 1), buffer))
                .isInstanceOf(IllegalArgumentException.class);
        buffer.flush();
        assertThat(sink.toByteArray()).isEqualTo(Encoder.encode(new Puback(1)));
    }

    @Test
    void allAtOnce() {
        assertSamePackets(Bytes.decode(stream()));
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = stream();
        FrameDecoder d = new FrameDecoder();
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            d.feed(bytes, i, 1, out::add);
        }
        assertSamePackets(out);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_999})
    void randomChunks(long seed) {
        assertSamePackets(Bytes.decodeInRandomChunks(new FrameDecoder(), stream(), seed));
    }

    @Test
    void bodyBufferIsReusedAndDroppedWhenLarge() {
        FrameDecoder d = new FrameDecoder();
        Bytes.decode(d, Encoder.encode(new Puback(1)));
        int small = d.bodyCapacity();
        Bytes.decode(d, Encoder.encode(new Publish("t", new byte[100], 0, false, false, 0)));
        assertThat(d.bodyCapacity()).isEqualTo(103);
        Bytes.decode(d, Encoder.encode(new Publish("t", new byte[100_000], 0, false, false, 0)));
        assertThat(d.bodyCapacity()).isZero();
    }

    @Test
    void packetComparisonLooksInsidePayloads() {
        Publish a = new Publish("t", new byte[] {1}, 0, false, false, 0);
        Publish b = new Publish("t", new byte[] {2}, 0, false, false, 0);
        assertThatThrownBy(() -> Bytes.assertSamePacket(a, b))
                .isInstanceOf(AssertionError.class);
    }

    private static void assertSamePackets(List<Packet> decoded) {
        List<Packet> expected = samples();
        assertThat(decoded).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Bytes.assertSamePacket(decoded.get(i), expected.get(i));
        }
    }
}
