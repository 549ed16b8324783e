package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.testing.MockBroker;
import dev.kite.mqtt.testing.ScriptedAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5.0 connection life against a scripted broker, for what a real broker does not do on
 * demand: enhanced authentication, server references, DISCONNECT from the broker, malformed
 * packets answered by the client's DISCONNECT with a reason code.
 */
class V5ConnectionLifeIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final Connack ACCEPTED = new Connack(false, 0);

    private static ClientOptions v5(MockBroker broker) {
        return new ClientOptions().addBroker(broker.uri()).setClientId("v5").setProtocolVersion(5)
                .setConnectTimeout(WAIT);
    }

    private static String hostPort(MockBroker broker) {
        URI uri = URI.create(broker.uri());
        return uri.getHost() + ":" + uri.getPort();
    }

    private static Properties props(String reason, String reference) {
        Properties.Builder b = Properties.builder();
        if (reason != null) {
            b.string(Property.REASON_STRING, reason);
        }
        if (reference != null) {
            b.string(Property.SERVER_REFERENCE, reference);
        }
        return b.build();
    }

    /** Accepts a connection and reads until the client closes. */
    private static final MockBroker.Script ACCEPT = p -> {
        p.expect(Connect.class, 10);
        p.send(ACCEPTED);
        p.drain();
    };

    @Test
    void eachAuthChallengeIsAnsweredUntilTheConnack_section_4_12() throws Exception {
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(V5, p -> {
            Connect c = p.expect(Connect.class, 10);
            String method = c.properties().string(Property.AUTHENTICATION_METHOD);
            answers.add(new String(c.properties().binary(Property.AUTHENTICATION_DATA), StandardCharsets.UTF_8));
            p.send(new Auth(0x18, Properties.builder().string(Property.AUTHENTICATION_METHOD, method)
                    .binary(Property.AUTHENTICATION_DATA, "server-first".getBytes(StandardCharsets.UTF_8)).build()));
            Auth a = p.expect(Auth.class, 10);
            answers.add(a.properties().string(Property.AUTHENTICATION_METHOD) + ":"
                    + new String(a.properties().binary(Property.AUTHENTICATION_DATA), StandardCharsets.UTF_8));
            p.send(ACCEPTED);
            p.drain();
        });
             MqttClient c = MqttClient.create(v5(broker).setAuthenticator(new ScriptedAuthenticator("SCRAM-TEST",
                     "client-first".getBytes(StandardCharsets.UTF_8), V5ConnectionLifeIT::answerTo)))) {
            c.connect().await();
            assertThat(c.isConnected()).isTrue();
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("client-first");
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("SCRAM-TEST:answer-to-server-first");
        }
    }

    private static final Authenticator ECHO = ScriptedAuthenticator.echo("ECHO", new byte[] {1});

    private static Properties echo(int data) {
        return Properties.builder().string(Property.AUTHENTICATION_METHOD, "ECHO")
                .binary(Property.AUTHENTICATION_DATA, new byte[] {(byte) data}).build();
    }

    @Test
    void reauthenticationAnswersTheChallengeAndCompletesOnSuccess_section_4_12_1() throws Exception {
        BlockingQueue<Auth> seen = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.send(ACCEPTED);
            seen.add(p.expect(Auth.class, 10));
            p.send(new Auth(0x18, echo(7)));
            seen.add(p.expect(Auth.class, 10));
            p.send(new Auth(0x00, echo(0)));
            p.drain();
        });
             MqttClient c = MqttClient.create(v5(broker).setAuthenticator(ECHO))) {
            c.connect().await();
            Token t = c.reauthenticate();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(t.error()).isNull();
            Auth start = seen.poll(1, TimeUnit.SECONDS);
            assertThat(start.reasonCode()).isEqualTo(0x19);
            assertThat(start.properties().binary(Property.AUTHENTICATION_DATA)).containsExactly(1);
            Auth answer = seen.poll(1, TimeUnit.SECONDS);
            assertThat(answer.reasonCode()).isEqualTo(0x18);
            assertThat(answer.properties().binary(Property.AUTHENTICATION_DATA)).containsExactly(7);
        }
    }

    @Test
    void aRefusedReauthenticationFailsItsTokenWithTheBrokersDisconnect() {
        try (MockBroker broker = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.send(ACCEPTED);
            p.expect(Auth.class, 10);
            p.send(new Disconnect(0x87, props("expired", null)));
            p.drain();
        });
             MqttClient c = MqttClient.create(v5(broker).setAuthenticator(ECHO).setAutoReconnect(false))) {
            c.connect().await();
            Token t = c.reauthenticate();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(t.error()).isInstanceOf(MqttServerException.class);
            assertThat(((MqttServerException) t.error()).code()).isEqualTo(0x87);
        }
    }

    private static byte[] answerTo(byte[] challenge) {
        return ("answer-to-" + new String(challenge, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aConnackPointingToAnotherServerIsFollowedWhenAsked() {
        try (MockBroker target = new MockBroker(V5, ACCEPT);
             MockBroker moved = new MockBroker(V5, p -> {
                 p.expect(Connect.class, 10);
                 p.send(new Connack(false, 0x9D, props("moved for good", hostPort(target))));
                 p.drain();
             });
             MqttClient c = MqttClient.create(v5(moved).setFollowServerReference(true))) {
            c.connect().await();
            assertThat(c.isConnected()).isTrue();
            assertThat(target.connections()).isEqualTo(1);
        }
    }

    @Test
    void aConnackPointingToAnotherServerIsReportedWhenNotFollowed() {
        try (MockBroker moved = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0x9C, props("busy", "elsewhere.example:1883")));
            p.drain();
        });
             MqttClient c = MqttClient.create(v5(moved))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();
            ConnectionRefusedException e = (ConnectionRefusedException) t.error();
            assertThat(e.code()).isEqualTo(0x9C);
            assertThat(e.reasonString()).contains("busy");
            assertThat(e.serverReference()).contains("elsewhere.example:1883");
            assertThat(t.returnCode()).isEqualTo(0x9C);
            assertThat(t.connack().reasonString()).contains("busy");
        }
    }

    @Test
    void aDisconnectFromTheBrokerReachesTheLostHandlerAndItsReferenceIsFollowed() {
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        try (MockBroker target = new MockBroker(V5, ACCEPT);
             MockBroker moving = new MockBroker(V5, p -> {
                 p.expect(Connect.class, 10);
                 p.send(ACCEPTED);
                 p.send(new Disconnect(0x9D, props("maintenance", hostPort(target))));
                 p.drain();
             });
             MqttClient c = MqttClient.create(v5(moving).setFollowServerReference(true)
                     .setMaxReconnectInterval(Duration.ofMillis(200))
                     .setConnectionLostHandler((cl, cause) -> lost.add(cause)))) {
            c.connect().await();
            await().atMost(WAIT).until(() -> target.connections() == 1 && c.isConnected());
            assertThat(lost).hasSize(1);
            MqttServerException e = (MqttServerException) lost.get(0);
            assertThat(e.code()).isEqualTo(0x9D);
            assertThat(e.reasonString()).contains("maintenance");
            assertThat(e.serverReference()).contains(hostPort(target));
            assertThat(e).hasMessageContaining("Server moved (reason code 0x9d): 'maintenance'");
            assertThat(moving.connections()).as("not back to the old server").isEqualTo(1);
        }
    }

    @Test
    void redirectsAreFollowedAtMostThreeTimesInARow() {
        // home sends the client to away, and away keeps sending it to itself: without the bound
        // the client would stay on away forever
        String[] awayAddress = new String[1];
        List<String> accepted = new CopyOnWriteArrayList<>();
        try (MockBroker away = new MockBroker(V5, redirecting("away", awayAddress, accepted));
             MockBroker home = new MockBroker(V5, redirecting("home", awayAddress, accepted))) {
            awayAddress[0] = hostPort(away);
            try (MqttClient c = MqttClient.create(v5(home).setFollowServerReference(true)
                    .setMaxReconnectInterval(Duration.ofMillis(200)))) {
                c.connect().await();
                await().atMost(WAIT).until(() -> accepted.size() >= 6);
                assertThat(accepted.subList(0, 6)).as("three redirects in a row, then the client's own broker")
                        .containsExactly("home", "away", "away", "away", "home", "away");
            }
        }
    }

    /** Accepts, notes the connection, and points the client to {@code target[0]}. */
    private static MockBroker.Script redirecting(String name, String[] target, List<String> accepted) {
        return p -> {
            p.expect(Connect.class, 10);
            accepted.add(name);
            p.send(ACCEPTED);
            p.send(new Disconnect(0x9C, props(null, target[0])));
            p.drain();
        };
    }

    @Test
    void theServerKeepAliveReplacesTheClients_MQTT_3_2_2_21() throws Exception {
        BlockingQueue<Packet> afterConnack = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0, Properties.builder().number(Property.SERVER_KEEP_ALIVE, 1).build()));
            afterConnack.add(p.read(10));
            p.drain();
        });
             MqttClient c = MqttClient.create(v5(broker).setKeepAlive(Duration.ofSeconds(60)))) {
            c.connect().await();
            // a PINGREQ within a few seconds, not a minute: the broker's 1 s holds
            assertThat(afterConnack.poll(5, TimeUnit.SECONDS)).isInstanceOf(Pingreq.class);
        }
    }

    @Test
    void disconnectSendsReasonCode0_section_3_14_2_1() throws Exception {
        BlockingQueue<Packet> last = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.send(ACCEPTED);
            p.drain();
            p.received().forEach(last::add);
        })) {
            MqttClient c = MqttClient.create(v5(broker));
            c.connect().await();
            c.disconnect(1000);
            await().atMost(WAIT).until(() -> last.stream().anyMatch(p -> p instanceof Disconnect));
            Disconnect d = (Disconnect) last.stream().filter(p -> p instanceof Disconnect).findFirst().orElseThrow();
            assertThat(d.reasonCode()).isZero();
        }
    }

    @Test
    void aMalformedPacketIsAnsweredWithDisconnect0x81BeforeTheClientCloses_section_4_13() throws Exception {
        assertDisconnectFor(new byte[] {0x36, 0x00}, 0x81);
    }

    @Test
    void aSecondConnackIsAnsweredWithDisconnect0x82_MQTT_3_2_0_1() throws Exception {
        assertDisconnectFor(Encoder.encode(ACCEPTED, V5), 0x82);
    }

    @Test
    void aPacketOverTheMaximumIsAnsweredWithDisconnect0x95_section_4_13_1() throws Exception {
        // a PUBLISH declaring 100 bytes to a client that takes 16
        assertDisconnectFor(new byte[] {0x30, 100}, 0x95);
    }

    private static final Object END_OF_STREAM = new Object();

    private static void assertDisconnectFor(byte[] violation, int expectedCode) throws Exception {
        BlockingQueue<Object> afterViolation = new LinkedBlockingQueue<>();
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        try (MockBroker broker = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.send(ACCEPTED);
            // after the client's SUBSCRIBE, so the violation cannot arrive with the CONNACK
            p.expect(Subscribe.class, 10);
            p.sendRaw(violation);
            try {
                Packet next;
                while ((next = p.read(10)) != null) {
                    afterViolation.add(next);
                }
            } catch (IOException e) {
                // reset: closed all the same
            }
            afterViolation.add(END_OF_STREAM);
        });
             MqttClient c = MqttClient.create(v5(broker).setAutoReconnect(false).setMaxIncomingPacketSize(16)
                     .setConnectionLostHandler((cl, cause) -> lost.add(cause)))) {
            c.connect().await();
            c.subscribe("kite/v5/violation", 0, null);
            Object first = afterViolation.poll(10, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(Disconnect.class);
            Disconnect d = (Disconnect) first;
            assertThat(d.reasonCode()).isEqualTo(expectedCode);
            assertThat(d.properties().string(Property.REASON_STRING)).isNotBlank();
            assertThat(afterViolation.poll(10, TimeUnit.SECONDS)).as("the client closed after its DISCONNECT")
                    .isSameAs(END_OF_STREAM);
            await().atMost(WAIT).until(() -> !lost.isEmpty());
            assertThat(lost.get(0)).isInstanceOf(MqttProtocolException.class);
            assertThat(((MqttProtocolException) lost.get(0)).reasonCode()).isEqualTo(expectedCode);
        }
    }

    @Test
    void aBrokerOf311RefusingVersion5IsNamed() {
        try (MockBroker old = new MockBroker(V5, p -> {
            p.expect(Connect.class, 10);
            p.sendRaw(new byte[] {0x20, 0x02, 0x00, 0x01});
            p.drain();
        });
             MqttClient c = MqttClient.create(v5(old))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(t.error()).isInstanceOf(ConnectionRefusedException.class)
                    .hasMessageContaining("does not speak MQTT 5.0");
            assertThat(t.returnCode()).isEqualTo(1);
        }
    }
}
