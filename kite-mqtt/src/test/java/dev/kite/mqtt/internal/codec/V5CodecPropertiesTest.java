package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.packet.Property.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Packet.Type;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based round trips of MQTT 5.0 (jqwik): any valid packet of any type, with any
 * properties its type allows in any valid values, encodes to bytes that decode, however they
 * are chunked, to an equal packet that re-encodes byte for byte the same.
 */
class V5CodecPropertiesTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    @net.jqwik.api.Property(tries = 2000)
    void everyValidPacketRoundTrips(@ForAll("packets") Packet packet, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        byte[] bytes = Encoder.encode(packet, V5);
        FrameDecoder decoder = new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, V5);
        List<Packet> out = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += chunk) {
            decoder.feed(bytes, off, Math.min(chunk, bytes.length - off), out::add);
        }
        assertThat(out).hasSize(1);
        Bytes.assertSamePacket(out.get(0), packet);
        assertThat(Encoder.encode(out.get(0), V5)).isEqualTo(bytes);
    }

    /** A value for one property, valid for it, as a step that adds it to a builder. */
    private static Arbitrary<Consumer<Properties.Builder>> value(int where, int id) {
        return switch (Property.kind(id)) {
            case BYTE -> Arbitraries.integers().between(0, 1).map(v -> b -> b.number(id, v));
            case TWO -> Arbitraries.integers().between(id == RECEIVE_MAXIMUM || id == TOPIC_ALIAS ? 1 : 0, 65_535)
                    .map(v -> b -> b.number(id, v));
            case FOUR -> Arbitraries.longs().between(id == MAXIMUM_PACKET_SIZE ? 1 : 0, 0xFFFF_FFFFL)
                    .map(v -> b -> b.number(id, v));
            case VARINT -> Arbitraries.integers().between(1, 268_435_455).list().ofMinSize(1)
                    .ofMaxSize(where == Type.PUBLISH ? 3 : 1).map(vs -> b -> vs.forEach(v -> b.number(id, v)));
            case STRING -> (id == RESPONSE_TOPIC ? CodecPropertiesTest.topics() : CodecPropertiesTest.text(0, 20))
                    .map(v -> b -> b.string(id, v));
            case BINARY -> Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(v -> b -> b.binary(id, v));
            case PAIR -> Combinators.combine(CodecPropertiesTest.text(0, 10), CodecPropertiesTest.text(0, 10))
                    .as((n, v) -> (Consumer<Properties.Builder>) b -> b.userProperty(n, v))
                    .list().ofMinSize(1).ofMaxSize(3).map(steps -> b -> steps.forEach(s -> s.accept(b)));
        };
    }

    /** Any valid properties of a packet type (or will properties), each identifier at most once but repeatable ones. */
    static Arbitrary<Properties> properties(int where) {
        List<Integer> ids = IntStream.rangeClosed(1, MAX_ID).filter(id -> V5Properties.allowedIn(where, id))
                .boxed().collect(Collectors.toList());
        return Arbitraries.subsetOf(ids).flatMap(chosen -> {
            Set<Integer> set = new LinkedHashSet<>(chosen);
            if (set.contains(AUTHENTICATION_DATA)) {
                set.add(AUTHENTICATION_METHOD); // data without a method is a protocol error
            }
            List<Arbitrary<Consumer<Properties.Builder>>> steps = new ArrayList<>();
            for (int id : set) {
                steps.add(value(where, id));
            }
            if (steps.isEmpty()) {
                return Arbitraries.just(Properties.EMPTY);
            }
            return Combinators.combine(steps).as(list -> {
                Properties.Builder b = Properties.builder();
                list.forEach(s -> s.accept(b));
                return b.build();
            });
        });
    }

    private static Arbitrary<Integer> code(int type) {
        return Arbitraries.of(Arrays.stream(V5ReasonCodes.codes(type)).boxed().collect(Collectors.toList()));
    }

    @Provide
    Arbitrary<Packet> packets() {
        Arbitrary<Integer> id = Arbitraries.integers().between(1, 65_535);
        return Arbitraries.oneOf(
                connects(),
                Combinators.combine(Arbitraries.of(true, false), code(Type.CONNACK), properties(Type.CONNACK))
                        .as((sp, c, p) -> (Packet) new Connack(sp && c == 0, c, p)),
                publishes(),
                acks(id, Type.PUBACK), acks(id, Type.PUBREC), acks(id, Type.PUBREL), acks(id, Type.PUBCOMP),
                Combinators.combine(id, subscriptions().list().ofMinSize(1).ofMaxSize(4), properties(Type.SUBSCRIBE))
                        .as((i, subs, p) -> (Packet) new Subscribe(i, subs, p)),
                Combinators.combine(id, code(Type.SUBACK).list().ofMinSize(1).ofMaxSize(5), properties(Type.SUBACK))
                        .as((i, codes, p) -> (Packet) new Suback(i, codes, p)),
                Combinators.combine(id, CodecPropertiesTest.filters().list().ofMinSize(1).ofMaxSize(4),
                        properties(Type.UNSUBSCRIBE)).as((i, f, p) -> (Packet) new Unsubscribe(i, f, p)),
                Combinators.combine(id, code(Type.UNSUBACK).list().ofMinSize(1).ofMaxSize(5), properties(Type.UNSUBACK))
                        .as((i, codes, p) -> (Packet) new Unsuback(i, codes, p)),
                Arbitraries.of(Pingreq.INSTANCE, Pingresp.INSTANCE),
                Combinators.combine(code(Type.DISCONNECT), properties(Type.DISCONNECT))
                        .as((c, p) -> (Packet) new Disconnect(c, p)),
                Combinators.combine(code(Type.AUTH), properties(Type.AUTH), CodecPropertiesTest.text(1, 10))
                        .as((c, p, method) -> (Packet) new Auth(c, c == 0 && p.isEmpty() || p.has(AUTHENTICATION_METHOD)
                                ? p : withMethod(p, method))));
    }

    /** Adds an authentication method to properties that lack one, as AUTH requires. */
    private static Properties withMethod(Properties p, String method) {
        Properties.Builder b = Properties.builder().string(AUTHENTICATION_METHOD, method);
        for (int i = 0; i < p.size(); i++) {
            Object v = p.value(i);
            if (v instanceof Long n) {
                b.number(p.id(i), n);
            } else if (v instanceof String s) {
                b.string(p.id(i), s);
            } else if (v instanceof byte[] d) {
                b.binary(p.id(i), d);
            } else {
                b.userProperty((dev.kite.mqtt.UserProperty) v);
            }
        }
        return b.build();
    }

    private static Arbitrary<Packet> acks(Arbitrary<Integer> id, int type) {
        return Combinators.combine(id, code(type), properties(type)).as((i, c, p) -> (Packet) switch (type) {
            case Type.PUBACK -> new Puback(i, c, p);
            case Type.PUBREC -> new Pubrec(i, c, p);
            case Type.PUBREL -> new Pubrel(i, c, p);
            default -> new Pubcomp(i, c, p);
        });
    }

    private static Arbitrary<Subscribe.Subscription> subscriptions() {
        return Combinators.combine(CodecPropertiesTest.filters(), Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
                .as(Subscribe.Subscription::new);
    }

    private static Arbitrary<Packet> publishes() {
        return Combinators.combine(CodecPropertiesTest.topics().injectNull(0.1),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300), Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(1, 65_535),
                        properties(Type.PUBLISH), Arbitraries.integers().between(1, 65_535))
                .as((t, payload, qos, retain, dup, id, p, alias) -> {
                    // a missing topic stands for an aliased one: an empty name with a topic alias
                    Properties props = t != null || p.has(TOPIC_ALIAS) ? p
                            : Properties.builder().number(TOPIC_ALIAS, alias).userProperties(p.userProperties()).build();
                    return new Publish(t == null ? "" : t, payload, qos, retain, qos > 0 && dup, qos == 0 ? 0 : id, props);
                });
    }

    private static Arbitrary<Packet> connects() {
        Arbitrary<Connect.Will> will = Combinators.combine(CodecPropertiesTest.topics(),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(50), Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false), properties(V5Properties.WILL))
                .as(Connect.Will::new).injectNull(0.5);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 65_535),
                        CodecPropertiesTest.text(0, 23), will, CodecPropertiesTest.text(0, 20).injectNull(0.4),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(30).injectNull(0.4), properties(Type.CONNECT))
                .as((clean, keepAlive, clientId, w, u, pw, p) -> new Connect(V5, false, clean, keepAlive, clientId, w, u,
                        pw, p));
    }
}
