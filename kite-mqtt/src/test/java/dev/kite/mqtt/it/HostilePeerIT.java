package dev.kite.mqtt.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionLostHandler;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import dev.kite.mqtt.testing.HostilePeer;
import dev.kite.mqtt.testing.MockBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scripted hostile broker against the client: every violation closes the connection with an
 * exception that names the packet and the rule, within a bound; the client reconnects to a
 * well-behaved connection and a QoS 1 message published before the violation is delivered.
 */
class HostilePeerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A violation is detected as soon as its bytes are read: well under this. */
    private static final long DETECT_MILLIS = 2000;

    /** Records connection-lost causes and when they came. */
    static final class Lost implements ConnectionLostHandler {
        final BlockingQueue<Throwable> causes = new LinkedBlockingQueue<>();
        volatile long at;

        @Override
        public void connectionLost(MqttClient client, Throwable cause) {
            at = System.nanoTime();
            causes.add(cause);
        }

        Throwable next() throws InterruptedException {
            Throwable t = causes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(t).as("connection lost within " + WAIT).isNotNull();
            return t;
        }
    }

    static ClientOptions options(HostilePeer peer, Lost lost) {
        return new ClientOptions().addBroker(peer.uri()).setClientId("hostile").setAutoReconnect(true)
                .setMaxReconnectInterval(Duration.ofMillis(200)).setConnectionLostHandler(lost);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("reserved type 0", bytes(0x00, 0x00), "packet type 0 is reserved"),
                Arguments.of("reserved type 15", bytes(0xF0, 0x00), "packet type 15 is reserved"),
                Arguments.of("5-byte remaining length", bytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                        "remaining length takes more than 4 bytes"),
                Arguments.of("server-sent CONNECT", Encoder.encode(new Connect(ProtocolVersion.MQTT_3_1_1, false, true,
                        0, "x", null, null, null)), "CONNECT from the broker: only a client sends it"),
                Arguments.of("server-sent SUBSCRIBE", Encoder.encode(new Subscribe(1,
                        List.of(new Subscribe.Subscription("a", 0)))), "SUBSCRIBE from the broker"),
                Arguments.of("server-sent UNSUBSCRIBE", Encoder.encode(new Unsubscribe(1, List.of("a"))),
                        "UNSUBSCRIBE from the broker"),
                Arguments.of("server-sent PINGREQ", bytes(0xC0, 0x00), "PINGREQ from the broker"),
                Arguments.of("server-sent DISCONNECT", bytes(0xE0, 0x00), "DISCONNECT from the broker"),
                Arguments.of("second CONNACK", bytes(0x20, 0x02, 0x00, 0x00), "CONNACK from the broker after"),
                Arguments.of("PUBLISH with QoS 3", bytes(0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01),
                        "PUBLISH: QoS 3 is malformed [MQTT-3.3.1-4]"),
                Arguments.of("PUBLISH with DUP at QoS 0", bytes(0x38, 0x03, 0x00, 0x01, 'a'),
                        "PUBLISH: DUP flag set at QoS 0, must be 0 [MQTT-3.3.1-2]"),
                Arguments.of("packet id 0 at QoS 1", bytes(0x32, 0x05, 0x00, 0x01, 'a', 0x00, 0x00),
                        "PUBLISH: packet id 0, must be 1 to 65535 [MQTT-2.3.1-1]"),
                Arguments.of("invalid UTF-8 topic", bytes(0x30, 0x04, 0x00, 0x02, 0xC3, 0x28),
                        "topic name is not well-formed UTF-8 [MQTT-1.5.3-1]"),
                Arguments.of("U+0000 in topic", bytes(0x30, 0x04, 0x00, 0x02, 'a', 0x00),
                        "topic name contains U+0000 at byte 1 [MQTT-1.5.3-2]"),
                Arguments.of("'+' in topic", bytes(0x30, 0x05, 0x00, 0x03, 'a', '/', '+'),
                        "wildcards '+' and '#' are not allowed in a topic name"),
                Arguments.of("'#' as topic", bytes(0x30, 0x03, 0x00, 0x01, '#'), "wildcards '+' and '#'"),
                Arguments.of("empty topic", bytes(0x30, 0x02, 0x00, 0x00), "topic name is empty [MQTT-4.7.3-1]"),
                Arguments.of("PUBREL without its flags", bytes(0x60, 0x02, 0x00, 0x01),
                        "PUBREL: fixed header flags 0b0000, must be 0b0010"),
                Arguments.of("PUBACK with flags", bytes(0x42, 0x02, 0x00, 0x01), "PUBACK: fixed header flags 0b0010"),
                Arguments.of("PUBACK of length 3", bytes(0x40, 0x03, 0x00, 0x01, 0x00),
                        "PUBACK: remaining length 3, must be exactly 2"),
                Arguments.of("PUBACK with id 0", bytes(0x40, 0x02, 0x00, 0x00), "PUBACK: packet id 0"),
                Arguments.of("SUBACK with return code 3", bytes(0x90, 0x03, 0x00, 0x01, 0x03),
                        "SUBACK: return code 0x3 must be 0, 1, 2 or 0x80"),
                Arguments.of("SUBACK without codes", bytes(0x90, 0x02, 0x00, 0x01), "SUBACK: no return codes"),
                Arguments.of("string past the end", bytes(0x30, 0x03, 0x00, 0x05, 'a'),
                        "PUBLISH: remaining length 3 is too short for the topic name"),
                Arguments.of("length over the client's maximum", bytes(0x30, 0x80, 0x80, 0x01),
                        "PUBLISH: remaining length 16384 exceeds the maximum 1024"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void violationClosesWithProtocolErrorAndReconnectsWithoutLoss(String name, byte[] violation, String message)
            throws Exception {
        AtomicLong sentAt = new AtomicLong();
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.expect(Publish.class, 10);
            sentAt.set(System.nanoTime());
            p.sendRaw(violation);
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost).setMaxIncomingPacketSize(1024))) {
                c.connect().await();
                PublishToken kept = c.publish("kite/kept", 1, false, "kept");
                Throwable cause = lost.next();
                assertThat(cause).isInstanceOf(MqttProtocolException.class).hasMessageContaining(message);
                assertThat(TimeUnit.NANOSECONDS.toMillis(lost.at - sentAt.get())).isLessThan(DETECT_MILLIS);
                assertKeptMessageDeliveredAfterReconnect(peer, c, kept);
            }
        }
    }

    private static void assertKeptMessageDeliveredAfterReconnect(HostilePeer peer, MqttClient c, PublishToken kept)
            throws InterruptedException {
        assertThat(kept.waitFor(WAIT)).as("QoS 1 message acknowledged after the reconnect").isTrue();
        assertThat(kept.error()).isNull();
        Packet resent = peer.goodReceived().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(resent).isInstanceOfSatisfying(Publish.class, p -> {
            assertThat(new String(p.payload(), UTF_8)).isEqualTo("kept");
            assertThat(p.dup()).isTrue();
        });
        assertThat(c.isConnected()).isTrue();
        assertThat(c.stats().reconnects()).isEqualTo(1);
    }

    @Test
    void truncatedPacketThenCloseIsAConnectionLossAndNothingIsLost() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.expect(Publish.class, 10);
            p.sendRaw(bytes(0x30, 0x0A, 0x00, 0x03, 'a'));
            p.close();
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                PublishToken kept = c.publish("kite/kept", 1, false, "kept");
                assertThat(lost.next()).isInstanceOf(MqttConnectionException.class)
                        .hasMessageContaining("connection closed by the broker");
                assertKeptMessageDeliveredAfterReconnect(peer, c, kept);
            }
        }
    }

    /** Replies to CONNECT that are not a valid CONNACK: the connect token fails; the next connect succeeds. */
    static Stream<Arguments> badConnacks() {
        return Stream.of(
                Arguments.of("CONNACK of length 3", bytes(0x20, 0x03, 0x00, 0x00, 0x00),
                        "CONNACK: remaining length 3, must be exactly 2"),
                Arguments.of("HTTP instead of CONNACK", "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(UTF_8),
                        "the reply is HTTP: is this an MQTT port?"),
                Arguments.of("CONNACK return code 6", bytes(0x20, 0x02, 0x00, 0x06),
                        "CONNACK: return code 6 is not one of 0 to 5"),
                Arguments.of("CONNACK reserved flag bits", bytes(0x20, 0x02, 0x02, 0x00),
                        "CONNACK: acknowledge flags 0x2: reserved bits 7-1 are set"),
                Arguments.of("PUBLISH before CONNACK", bytes(0x30, 0x03, 0x00, 0x01, 'a'),
                        "sent PUBLISH before CONNACK [MQTT-3.2.0-1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConnacks")
    void badReplyToConnectFailsTheConnectTokenAndTheNextConnectSucceeds(String name, byte[] reply, String message)
            throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            p.expect(Connect.class, 10);
            p.sendRaw(reply);
        })) {
            try (MqttClient c = MqttClient.create(options(peer, new Lost()).setProtocolVersion(4))) {
                long start = System.nanoTime();
                ConnectToken first = c.connect();
                assertThat(first.waitFor(WAIT)).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(DETECT_MILLIS);
                assertThat(first.error()).isInstanceOf(MqttProtocolException.class).hasMessageContaining(message);
                c.connect().await();
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    @Test
    void noConnackAndATrickledConnackAreBoundedByTheConnectTimeout() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            p.expect(Connect.class, 10);
            // CONNACK one byte every 300 ms: never complete within the 500 ms bound
            for (int b : new int[] {0x20, 0x02, 0x00}) {
                p.sendRaw(bytes(b));
                Thread.sleep(300);
            }
        })) {
            try (MqttClient c = MqttClient.create(options(peer, new Lost()).setProtocolVersion(4)
                    .setConnectTimeout(Duration.ofMillis(500)))) {
                long start = System.nanoTime();
                ConnectToken first = c.connect();
                assertThat(first.waitFor(WAIT)).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(400L, 1500L);
                assertThat(first.error()).isInstanceOf(MqttConnectionException.class)
                        .hasMessageContaining("no CONNACK").hasMessageContaining("within 500 ms");
                c.connect().await();
            }
        }
    }

    @Test
    void subackWithFailureCodeIsLegalAndShownInTheResult() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            Subscribe s = p.expect(Subscribe.class, 10);
            p.sendRaw(bytes(0x90, 0x04, s.packetId() >> 8, s.packetId() & 0xFF, 0x01, 0x80));
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                SubscribeToken t = c.subscribeMultiple(orderedMap("ok/#", 1, "denied/#", 2), null);
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isNull();
                assertThat(t.result()).containsEntry("ok/#", 1).containsEntry("denied/#", 0x80);
                // the connection stays up: a refused filter is not a protocol error
                await().during(Duration.ofMillis(300)).atMost(WAIT)
                        .until(() -> lost.causes.isEmpty() && c.isConnected());
            }
        }
    }

    private static Map<String, Integer> orderedMap(String k1, int v1, String k2, int v2) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void subackWithTooFewCodesIsAProtocolErrorAndTheSubscribeIsSentAgain() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            Subscribe s = p.expect(Subscribe.class, 10);
            p.sendRaw(bytes(0x90, 0x03, s.packetId() >> 8, s.packetId() & 0xFF, 0x01));
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                SubscribeToken t = c.subscribeMultiple(orderedMap("a", 1, "b", 1), null);
                assertThat(lost.next()).isInstanceOf(MqttProtocolException.class)
                        .hasMessageContaining("SUBACK for packet id 1: 1 return codes for 2 topic filters");
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isNull();
                assertThat(t.result()).containsEntry("a", 1).containsEntry("b", 1);
            }
        }
    }

    @Test
    void sessionPresentAnsweringACleanSessionIsTakenAsNoSessionAndTheClientResubscribes_MQTT_3_2_2_1()
            throws Exception {
        AtomicInteger connections = new AtomicInteger();
        BlockingQueue<Subscribe> subscribes = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(p -> {
            int n = connections.incrementAndGet();
            p.expect(Connect.class, 10);
            // the reconnect is answered "session present" although its CONNECT asked for a clean session
            p.send(new Connack(n > 1, 0));
            Subscribe s = p.expect(Subscribe.class, 10);
            subscribes.add(s);
            p.send(new Suback(s.packetId(), List.of(1)));
            if (n == 1) {
                p.close();
            } else {
                p.drain();
            }
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("clean")
                    .setCleanSession(true).setAutoReconnect(true).setMaxReconnectInterval(Duration.ofMillis(200))
                    .setConnectionLostHandler(lost))) {
                c.connect().await();
                c.subscribe("kite/held", 1, null).await();
                lost.next();
                assertThat(subscribes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
                Subscribe again = subscribes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(again).as("SUBSCRIBE sent again after the reconnect").isNotNull();
                assertThat(again.subscriptions()).extracting(Subscribe.Subscription::filter).containsExactly("kite/held");
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    @Test
    void unsubackAnsweringASubscribeIsAProtocolError() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            Subscribe s = p.expect(Subscribe.class, 10);
            p.sendRaw(bytes(0xB0, 0x02, s.packetId() >> 8, s.packetId() & 0xFF));
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                SubscribeToken t = c.subscribe("a", 1, null);
                assertThat(lost.next()).isInstanceOf(MqttProtocolException.class)
                        .hasMessageContaining("UNSUBACK for packet id 1, which is an open SUBSCRIBE");
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isNull();
            }
        }
    }

    @Test
    void unansweredSubscribeFailsWithinTheAckTimeoutAndTheConnectionIsDropped() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.expect(Subscribe.class, 10);
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost).setAckTimeout(Duration.ofMillis(500)))) {
                c.connect().await();
                long start = System.nanoTime();
                SubscribeToken t = c.subscribe("never/acked", 1, null);
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(400L, 1500L);
                assertThat(t.error()).isInstanceOf(MqttConnectionException.class)
                        .hasMessage("no SUBACK within 500 ms for the SUBSCRIBE of [never/acked] (setAckTimeout)");
                assertThat(lost.next()).hasMessageContaining("no SUBACK within 500 ms");
                await().atMost(WAIT).until(() -> c.stats().reconnects() == 1);
                // abandoned: not sent again, not resubscribed
                c.publish("x", 1, false, "marker").await();
                assertThat(peer.goodReceived()).noneMatch(Subscribe.class::isInstance);
            }
        }
    }

    @Test
    void unansweredUnsubscribeFailsWithinTheAckTimeout() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.expect(Unsubscribe.class, 10);
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost).setAckTimeout(Duration.ofMillis(500)))) {
                c.connect().await();
                Token t = c.unsubscribe("gone");
                assertThat(t.waitFor(WAIT)).isTrue();
                assertThat(t.error()).isInstanceOf(MqttConnectionException.class)
                        .hasMessageContaining("no UNSUBACK within 500 ms for the UNSUBSCRIBE of [gone]");
                assertThat(lost.next()).hasMessageContaining("no UNSUBACK");
                await().atMost(WAIT).until(() -> c.stats().reconnects() == 1);
            }
        }
    }

    @Test
    void duplicatePubrelIsAnsweredTwiceAndTheMessageDeliveredOnce() throws Exception {
        BlockingQueue<Packet> seen = new LinkedBlockingQueue<>();
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.send(new Publish("q2", "once".getBytes(UTF_8), 2, false, false, 7));
            seen.add(p.read(10));
            p.send(new Pubrel(7), new Pubrel(7));
            seen.add(p.read(10));
            seen.add(p.read(10));
        })) {
            Lost lost = new Lost();
            BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
            try (MqttClient c = MqttClient.create(options(peer, lost)
                    .setDefaultPublishHandler((cl, m) -> delivered.add(new String(m.payload(), UTF_8))))) {
                c.connect().await();
                await().atMost(WAIT).until(() -> seen.size() == 3);
                assertThat(seen).extracting(Packet::getClass).containsExactly(
                        dev.kite.mqtt.internal.packet.Pubrec.class, Pubcomp.class, Pubcomp.class);
                await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> delivered.size() == 1);
                assertThat(delivered).containsExactly("once");
                assertThat(lost.causes).isEmpty();
            }
        }
    }

    @Test
    void staleAcksAreIgnoredAndCountedAndAnUnknownPubrecIsReleased() throws Exception {
        BlockingQueue<Packet> seen = new LinkedBlockingQueue<>();
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.sendRaw(bytes(0x40, 0x02, 0x00, 99, 0x70, 0x02, 0x00, 98, 0x90, 0x03, 0x00, 97, 0x00,
                    0xB0, 0x02, 0x00, 96, 0x50, 0x02, 0x00, 42));
            seen.add(p.read(10));
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                await().atMost(WAIT).until(() -> !seen.isEmpty());
                assertThat(seen.poll()).isEqualTo(new Pubrel(42));
                assertThat(c.stats().ignoredAcks()).isEqualTo(4);
                assertThat(c.isConnected()).isTrue();
                assertThat(lost.causes).isEmpty();
            }
        }
    }

    @Test
    void halfOpenConnectionIsDetectedByThePingTimeout() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.drain(); // reads, answers nothing, keeps the socket open until the client gives up
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost).setKeepAlive(Duration.ofSeconds(1))
                    .setPingTimeout(Duration.ofMillis(500)))) {
                long start = System.nanoTime();
                c.connect().await();
                PublishToken kept = c.publish("kite/kept", 1, false, "kept");
                assertThat(lost.next()).isInstanceOf(MqttConnectionException.class)
                        .hasMessageContaining("no PINGRESP").hasMessageContaining("within 500 ms");
                assertThat(TimeUnit.NANOSECONDS.toMillis(lost.at - start)).isLessThan(3000);
                assertKeptMessageDeliveredAfterReconnect(peer, c, kept);
            }
        }
    }

    @Test
    void packetTrickledOneByteAtATimeIsEndedByThePingTimeoutWithBoundedMemory() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.expect(Publish.class, 10);
            // declares 200 MB, then sends one byte every 50 ms
            p.sendRaw(bytes(0x30, 0x80, 0x80, 0xC0, 0x5F));
            for (int i = 0; i < 200; i++) {
                p.sendRaw(bytes(i == 0 ? 0 : 'a'));
                Thread.sleep(50);
            }
        })) {
            Lost lost = new Lost();
            long heapBefore = usedHeap();
            // the protocol's maximum: under the default limit the 200 MB header is refused at once
            try (MqttClient c = MqttClient.create(options(peer, lost).setKeepAlive(Duration.ofSeconds(1))
                    .setPingTimeout(Duration.ofSeconds(1)).setMaxIncomingPacketSize(ClientOptions.MAX_PACKET_SIZE))) {
                long start = System.nanoTime();
                c.connect().await();
                PublishToken kept = c.publish("kite/kept", 1, false, "kept");
                assertThat(lost.next()).isInstanceOf(MqttConnectionException.class).hasMessageContaining("no PINGRESP");
                assertThat(TimeUnit.NANOSECONDS.toMillis(lost.at - start)).isLessThan(4000);
                assertThat(usedHeap() - heapBefore).as("heap growth").isLessThan(64L << 20);
                assertKeptMessageDeliveredAfterReconnect(peer, c, kept);
            }
        }
    }

    @Test
    void trickledPacketEndsByPingTimeoutEvenWhileTheClientKeepsSending() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.sendRaw(bytes(0x30, 0x80, 0x80, 0xC0, 0x5F, 0x00));
            for (int i = 0; i < 200; i++) {
                p.sendRaw(bytes('a'));
                Thread.sleep(50);
            }
        })) {
            Lost lost = new Lost();
            // the protocol's maximum: under the default limit the 200 MB header is refused at once
            try (MqttClient c = MqttClient.create(options(peer, lost).setKeepAlive(Duration.ofSeconds(1))
                    .setPingTimeout(Duration.ofSeconds(1)).setMaxIncomingPacketSize(ClientOptions.MAX_PACKET_SIZE))) {
                long start = System.nanoTime();
                c.connect().await();
                // the client's own traffic and the trickle's bytes would both keep a per-byte keepalive quiet
                java.util.concurrent.ScheduledExecutorService sender = java.util.concurrent.Executors
                        .newSingleThreadScheduledExecutor();
                sender.scheduleAtFixedRate(() -> c.publish("busy", 0, false, "x"), 0, 100, TimeUnit.MILLISECONDS);
                try {
                    assertThat(lost.next()).isInstanceOf(MqttConnectionException.class)
                            .hasMessageContaining("no PINGRESP");
                    assertThat(TimeUnit.NANOSECONDS.toMillis(lost.at - start)).isLessThan(4000);
                } finally {
                    sender.shutdownNow();
                }
            }
        }
    }

    @Test
    void floodOfAMillionPublishesKeepsTheHeapBoundedAndTheClientResponsive() throws Exception {
        int count = 1_000_000;
        byte[] one = Encoder.encode(new Publish("a/b", new byte[] {1, 2}, 0, false, false, 0));
        byte[] chunk = new byte[one.length * 10_000];
        for (int i = 0; i < 10_000; i++) {
            System.arraycopy(one, 0, chunk, i * one.length, one.length);
        }
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            for (int i = 0; i < count / 10_000; i++) {
                p.sendRaw(chunk);
            }
            Publish after = p.expect(Publish.class, 30);
            p.send(new dev.kite.mqtt.internal.packet.Puback(after.packetId()));
        })) {
            AtomicLong delivered = new AtomicLong();
            AtomicLong peak = new AtomicLong();
            long heapBefore = usedHeap();
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost)
                    .setDefaultPublishHandler((cl, m) -> {
                        if (delivered.incrementAndGet() % 50_000 == 0) {
                            peak.accumulateAndGet(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(),
                                    Math::max);
                        }
                    }))) {
                c.connect().await();
                await().atMost(Duration.ofSeconds(60)).until(() -> delivered.get() == count);
                long start = System.nanoTime();
                c.publish("after/flood", 1, false, "still here").await();
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
                assertThat(usedHeap() - heapBefore).as("heap retained after the flood").isLessThan(64L << 20);
                assertThat(lost.causes).isEmpty();
            }
        }
    }

    @Test
    void pingrespStormKeepsTheClientConnectedAndResponsive() throws Exception {
        byte[] storm = new byte[2 * 1_000_000];
        for (int i = 0; i < storm.length; i += 2) {
            storm[i] = (byte) 0xD0;
        }
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.sendRaw(storm);
            Publish after = p.expect(Publish.class, 30);
            p.send(new dev.kite.mqtt.internal.packet.Puback(after.packetId()));
        })) {
            Lost lost = new Lost();
            long heapBefore = usedHeap();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                await().atMost(Duration.ofSeconds(30)).until(() -> c.stats().packetsReceived() >= 1_000_000);
                c.publish("after/storm", 1, false, "still here").await();
                assertThat(usedHeap() - heapBefore).as("heap retained after the storm").isLessThan(64L << 20);
                assertThat(lost.causes).isEmpty();
                assertThat(c.isConnected()).isTrue();
            }
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void peerClosingRightAfterConnackThenBehavingKeepsStoredMessages() throws Exception {
        try (HostilePeer peer = HostilePeer.first(p -> {
            HostilePeer.accept(p);
            p.expect(Publish.class, 10);
            p.close();
        })) {
            Lost lost = new Lost();
            try (MqttClient c = MqttClient.create(options(peer, lost))) {
                c.connect().await();
                PublishToken kept = c.publish("kite/kept", 1, false, "kept");
                assertThat(lost.next()).isInstanceOf(MqttConnectionException.class);
                assertKeptMessageDeliveredAfterReconnect(peer, c, kept);
            }
        }
    }
}
