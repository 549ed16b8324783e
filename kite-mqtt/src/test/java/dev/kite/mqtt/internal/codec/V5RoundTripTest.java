package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.packet.Property.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.PropertyViews;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every MQTT 5.0 packet type, with every property it may carry, survives encode then decode however the bytes are chunked. */
class V5RoundTripTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    private static Properties.Builder props() {
        return Properties.builder();
    }

    /** Every property a PUBLISH may carry (section 3.3.2.3). */
    static Properties publishProperties() {
        return props().number(PAYLOAD_FORMAT_INDICATOR, 1).number(MESSAGE_EXPIRY_INTERVAL, 0xFFFF_FFFFL)
                .string(CONTENT_TYPE, "application/json; charset=\u00fc").string(RESPONSE_TOPIC, "reply/\u4e2d")
                .binary(CORRELATION_DATA, new byte[] {0, (byte) 0xFF, 7}).number(TOPIC_ALIAS, 65_535)
                .number(SUBSCRIPTION_IDENTIFIER, 1).number(SUBSCRIPTION_IDENTIFIER, 268_435_455)
                .userProperty("k", "v").userProperty("k", "v2").userProperty("", "").build();
    }

    /** One or more of every packet type, with every property each may carry and the edge values of their fields. */
    static List<Packet> samples() {
        byte[] big = new byte[70_000];
        new Random(5).nextBytes(big);
        Properties connect = props().number(SESSION_EXPIRY_INTERVAL, 0xFFFF_FFFFL).number(RECEIVE_MAXIMUM, 1)
                .number(MAXIMUM_PACKET_SIZE, 268_435_460L).number(TOPIC_ALIAS_MAXIMUM, 65_535)
                .number(REQUEST_RESPONSE_INFORMATION, 1).number(REQUEST_PROBLEM_INFORMATION, 0)
                .userProperty("client", "kite").string(AUTHENTICATION_METHOD, "SCRAM-SHA-256")
                .binary(AUTHENTICATION_DATA, "n,,n=user,r=abc".getBytes(UTF_8)).build();
        Properties will = props().number(PAYLOAD_FORMAT_INDICATOR, 0).number(MESSAGE_EXPIRY_INTERVAL, 3600)
                .string(CONTENT_TYPE, "text/plain").string(RESPONSE_TOPIC, "will/reply")
                .binary(CORRELATION_DATA, new byte[0]).number(WILL_DELAY_INTERVAL, 30).userProperty("w", "1").build();
        Properties connack = props().number(SESSION_EXPIRY_INTERVAL, 60).number(RECEIVE_MAXIMUM, 65_535)
                .number(MAXIMUM_QOS, 1).number(RETAIN_AVAILABLE, 0).number(MAXIMUM_PACKET_SIZE, 1)
                .string(ASSIGNED_CLIENT_IDENTIFIER, "auto-1").number(TOPIC_ALIAS_MAXIMUM, 10)
                .string(REASON_STRING, "welcome").userProperty("srv", "x")
                .number(WILDCARD_SUBSCRIPTION_AVAILABLE, 0).number(SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0)
                .number(SHARED_SUBSCRIPTION_AVAILABLE, 1).number(SERVER_KEEP_ALIVE, 0)
                .string(RESPONSE_INFORMATION, "resp/").string(SERVER_REFERENCE, "other:1883")
                .string(AUTHENTICATION_METHOD, "SCRAM-SHA-256").binary(AUTHENTICATION_DATA, new byte[] {1}).build();
        Properties ack = props().string(REASON_STRING, "why").userProperty("a", "b").build();
        return List.of(
                new Connect(V5, false, false, 65_535, "client-\u00e9\u4e2d",
                        new Connect.Will("will/t", "gone".getBytes(UTF_8), 2, true, will), "user", new byte[] {0, 1},
                        connect),
                new Connect(V5, false, true, 0, "", null, null, null),
                new Connack(false, 0, connack),
                new Connack(true, 0),
                new Connack(false, 0x9D, props().string(SERVER_REFERENCE, "moved:1883").build()),
                new Publish("a/b", new byte[0], 0, false, false, 0),
                new Publish("$SYS/x", "p".getBytes(UTF_8), 1, true, true, 1, publishProperties()),
                new Publish("", big, 2, false, false, 65_535, props().number(TOPIC_ALIAS, 1).build()),
                new Puback(1),
                new Puback(2, 0x10, Properties.EMPTY),
                new Puback(3, 0x87, ack),
                new Pubrec(4, 0x80, ack),
                new Pubrel(5, 0x92, ack),
                new Pubcomp(6, 0, ack),
                new Subscribe(7, List.of(new Subscription("a/+/c", 0, true, false, 0),
                        new Subscription("$share/g/x/#", 2, false, true, 2)),
                        props().number(SUBSCRIPTION_IDENTIFIER, 268_435_455).userProperty("s", "1").build()),
                new Subscribe(8, List.of(new Subscription("#", 1))),
                new Suback(7, List.of(0, 1, 2, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2), ack),
                new Unsubscribe(9, List.of("a/+/c", "#"), props().userProperty("u", "2").build()),
                new Unsuback(9, List.of(0, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91), ack),
                Pingreq.INSTANCE,
                Pingresp.INSTANCE,
                Disconnect.INSTANCE,
                new Disconnect(0x04, Properties.EMPTY),
                new Disconnect(0x8B, props().number(SESSION_EXPIRY_INTERVAL, 0).string(REASON_STRING, "bye")
                        .string(SERVER_REFERENCE, "x").userProperty("d", "3").build()),
                new Auth(0, Properties.EMPTY),
                new Auth(0x19, props().string(AUTHENTICATION_METHOD, "SCRAM-SHA-256")
                        .binary(AUTHENTICATION_DATA, new byte[300]).string(REASON_STRING, "again")
                        .userProperty("x", "y").build()));
    }

    static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : samples()) {
            try {
                Encoder.write(p, V5, out);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out.toByteArray();
    }

    private static FrameDecoder decoder() {
        return new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, V5);
    }

    @Test
    void everyTypeIsCovered() {
        assertThat(samples()).extracting(Packet::type).containsAll(
                List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    }

    @Test
    void writeEncodeEncodedLengthAndWriteBufferAgree() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WriteBuffer buffer = new WriteBuffer(sink, 16, 256);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Packet p : samples()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Encoder.write(p, V5, out);
            assertThat(out.toByteArray()).as("%s", p).isEqualTo(Encoder.encode(p, V5));
            assertThat(Encoder.encodedLength(p, V5)).as("%s", p).isEqualTo(out.size());
            Encoder.write(p, V5, buffer);
            all.writeBytes(out.toByteArray());
        }
        buffer.flush();
        assertThat(sink.toByteArray()).isEqualTo(all.toByteArray());
    }

    @Test
    void allAtOnce() {
        assertSamePackets(Bytes.decode(decoder(), stream()));
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = stream();
        FrameDecoder d = decoder();
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            d.feed(bytes, i, 1, out::add);
        }
        assertSamePackets(out);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void randomChunks(long seed) {
        assertSamePackets(Bytes.decodeInRandomChunks(decoder(), stream(), seed));
    }

    @Test
    void packetsWithoutPropertiesShareTheEmptyInstance() {
        for (Packet p : Bytes.decode(decoder(), stream())) {
            if (p.properties().isEmpty()) {
                assertThat(p.properties()).as("%s", p).isSameAs(Properties.EMPTY);
            }
        }
    }

    @Test
    void messagePropertiesSurviveTheWire() {
        MessageProperties m = MessageProperties.builder().messageExpiry(Duration.ofSeconds(90)).payloadFormatUtf8(true)
                .contentType("text/plain").responseTopic("r/1").correlationData(new byte[] {9, 8})
                .userProperty("a", "1").userProperty("a", "2").build();
        Publish sent = new Publish("t", new byte[0], 1, false, false, 3, PropertyViews.of(m));
        Publish received = (Publish) Bytes.decode(decoder(), Encoder.encode(sent, V5)).get(0);
        assertThat(PropertyViews.message(received.properties())).isEqualTo(m);
        assertThat(PropertyViews.message(Properties.EMPTY)).isSameAs(MessageProperties.NONE);
        assertThat(PropertyViews.of(MessageProperties.NONE)).isSameAs(Properties.EMPTY);
    }

    @Test
    void anExplicitPayloadFormatIndicatorOfZeroSurvivesTheWire() {
        MessageProperties zero = MessageProperties.builder().payloadFormatIndicator(0).build();
        Publish sent = new Publish("t", new byte[0], 0, false, false, 0, PropertyViews.of(zero));
        assertThat(sent.properties().isEmpty()).isFalse();
        Publish received = (Publish) Bytes.decode(decoder(), Encoder.encode(sent, V5)).get(0);
        assertThat(PropertyViews.message(received.properties()).payloadFormatIndicator()).hasValue(0);
    }

    @Test
    void willDelayAndSubscriptionIdentifiersConvert() {
        MessageProperties will = MessageProperties.builder().willDelay(Duration.ofSeconds(5)).build();
        assertThat(PropertyViews.message(PropertyViews.of(will))).isEqualTo(will);
        Properties received = props().number(SUBSCRIPTION_IDENTIFIER, 4).number(SUBSCRIPTION_IDENTIFIER, 9)
                .number(TOPIC_ALIAS, 2).build();
        assertThat(PropertyViews.message(received).subscriptionIdentifiers()).containsExactly(4, 9);
    }

    @Test
    void connackPropertiesSurviveTheWire() {
        ConnackProperties c = ConnackProperties.builder().assignedClientId("id").receiveMaximum(20)
                .maximumPacketSize(4096).topicAliasMaximum(8).serverKeepAlive(30).maximumQos(1)
                .retainAvailable(false).wildcardSubscriptionAvailable(false).subscriptionIdentifiersAvailable(false)
                .sharedSubscriptionAvailable(false).sessionExpiryInterval(Duration.ofHours(1))
                .responseInformation("resp").serverReference("srv").reasonString("ok").authenticationMethod("m")
                .authenticationData(new byte[] {1}).userProperty("k", "v").build();
        Connack sent = new Connack(false, 0, PropertyViews.of(c));
        Connack received = (Connack) Bytes.decode(decoder(), Encoder.encode(sent, V5)).get(0);
        assertThat(PropertyViews.connack(received.properties())).isEqualTo(c);
        assertThat(PropertyViews.of(ConnackProperties.DEFAULTS)).isSameAs(Properties.EMPTY);
        assertThat(PropertyViews.connack(Properties.EMPTY)).isSameAs(ConnackProperties.DEFAULTS);
    }

    @Test
    void publicSubscriptionsBecomeASubscribe() {
        dev.kite.mqtt.Subscription s = dev.kite.mqtt.Subscription.of("a/+", 2).withNoLocal(true)
                .withRetainAsPublished(true).withRetainHandling(1).withSubscriptionIdentifier(42);
        Subscribe sub = new Subscribe(1, List.of(PropertyViews.subscription(s)),
                PropertyViews.subscribeProperties(s.subscriptionIdentifier(), List.of()));
        // options 0x1E: QoS 2, No Local, Retain As Published, Retain Handling 1; identifier 42
        assertThat(Encoder.encode(sub, V5)).isEqualTo(Bytes.hex("82 0B 00 01 02 0B 2A 00 03 61 2F 2B 1E"));
        assertThat(PropertyViews.subscribeProperties(java.util.OptionalInt.empty(), List.of()))
                .isSameAs(Properties.EMPTY);
    }

    private static void assertSamePackets(List<Packet> decoded) {
        List<Packet> expected = samples();
        assertThat(decoded).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Bytes.assertSamePacket(decoded.get(i), expected.get(i));
        }
    }
}
