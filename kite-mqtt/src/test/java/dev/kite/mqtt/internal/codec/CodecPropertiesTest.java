package dev.kite.mqtt.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based round trips (jqwik): any valid packet of any type, in either protocol version,
 * encodes to bytes that decode, however they are split into chunks, to an equal packet, and the
 * re-encoding is byte for byte the same.
 */
class CodecPropertiesTest {

    @Property(tries = 2000)
    void everyValidPacketRoundTrips(@ForAll("packets") Packet packet, @ForAll boolean mqtt31,
                                    @ForAll @IntRange(min = 1, max = 64) int chunk) {
        ProtocolVersion version = mqtt31 ? ProtocolVersion.MQTT_3_1 : ProtocolVersion.MQTT_3_1_1;
        if (mqtt31 && packet instanceof Connack c && c.sessionPresent()) {
            packet = new Connack(false, c.returnCode()); // MQTT 3.1 has no session present flag
        }
        byte[] bytes = Encoder.encode(packet);
        FrameDecoder decoder = new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, version);
        List<Packet> out = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += chunk) {
            decoder.feed(bytes, off, Math.min(chunk, bytes.length - off), out::add);
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).usingRecursiveComparison().isEqualTo(packet);
        assertThat(Encoder.encode(out.get(0))).isEqualTo(bytes);
    }

    @Provide
    Arbitrary<Packet> packets() {
        Arbitrary<Integer> id = Arbitraries.integers().between(1, 65535);
        return Arbitraries.oneOf(
                connects(),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 5))
                        .as((sp, code) -> (Packet) new Connack(sp && code == 0, code)),
                publishes(),
                id.map(Puback::new), id.map(Pubrec::new), id.map(Pubrel::new), id.map(Pubcomp::new),
                Combinators.combine(id, Combinators.combine(filters(), Arbitraries.integers().between(0, 2))
                        .as(Subscribe.Subscription::new).list().ofMinSize(1).ofMaxSize(5))
                        .as((i, subs) -> (Packet) new Subscribe(i, subs)),
                Combinators.combine(id, Arbitraries.of(0, 1, 2, Suback.FAILURE).list().ofMinSize(1).ofMaxSize(5))
                        .as((i, codes) -> (Packet) new Suback(i, codes)),
                Combinators.combine(id, filters().list().ofMinSize(1).ofMaxSize(5))
                        .as((i, f) -> (Packet) new Unsubscribe(i, f)),
                id.map(Unsuback::new),
                Arbitraries.of(Pingreq.INSTANCE, Pingresp.INSTANCE, Disconnect.INSTANCE));
    }

    /** Well-formed strings: any BMP character but U+0000 and surrogates, plus a supplementary one. */
    static Arbitrary<String> text(int min, int max) {
        return Arbitraries.strings().withCharRange('\u0001', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMinLength(min).ofMaxLength(max)
                .edgeCases(e -> e.add("\uD83D\uDE00"));
    }

    static Arbitrary<String> topics() {
        return text(1, 30).map(s -> s.replace('+', 'p').replace('#', 'h'));
    }

    static Arbitrary<String> filters() {
        Arbitrary<String> level = Arbitraries.oneOf(Arbitraries.just("+"),
                text(0, 8).map(s -> s.replace('+', 'p').replace('#', 'h').replace('/', '_')));
        return Combinators.combine(level.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false))
                .as((levels, hash) -> {
                    String f = String.join("/", levels);
                    return hash ? (f.isEmpty() ? "#" : f + "/#") : (f.isEmpty() ? "+" : f);
                });
    }

    static Arbitrary<Packet> publishes() {
        return Combinators.combine(topics(), Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                        Arbitraries.integers().between(0, 2), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        Arbitraries.integers().between(1, 65535))
                .as((t, payload, qos, retain, dup, id) -> new Publish(t, payload, qos, retain, qos > 0 && dup,
                        qos == 0 ? 0 : id));
    }

    static Arbitrary<Packet> connects() {
        Arbitrary<Connect.Will> will = Combinators.combine(topics(),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(50), Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false))
                .as(Connect.Will::new).injectNull(0.5);
        Arbitrary<String> user = text(0, 20).injectNull(0.4);
        Arbitrary<byte[]> password = Arbitraries.bytes().array(byte[].class).ofMaxSize(30).injectNull(0.4);
        return Combinators.combine(Arbitraries.of(ProtocolVersion.MQTT_3_1, ProtocolVersion.MQTT_3_1_1),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 65535),
                        text(0, 23), will, user, password)
                .as((v, bridge, clean, keepAlive, clientId, w, u, p) ->
                        new Connect(v, bridge, clean, keepAlive, clientId, w, u, u == null ? null : p));
    }
}
