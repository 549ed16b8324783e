package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kite.mqtt.Authenticator;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectionRefusedException;
import dev.kite.mqtt.CredentialsProvider;
import dev.kite.mqtt.FrozenOptions;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.PropertyViews;
import dev.kite.mqtt.internal.transport.Link;
import dev.kite.mqtt.testing.ScriptedAuthenticator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The 5.0 CONNECT/CONNACK exchange of the connector, against scripted links: no sockets. */
class ConnectorV5Test {
    private static final URI A = URI.create("tcp://a.example:1883");
    private static final URI B = URI.create("tcp://b.example:1883");
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;

    /** Every link opened, in order, with what the client wrote on it. */
    private final List<Opened> opened = new CopyOnWriteArrayList<>();

    private record Opened(URI uri, ByteArrayOutputStream written) {
        List<Packet> packets() {
            List<Packet> out = new ArrayList<>();
            byte[] bytes = written.toByteArray();
            new FrameDecoder(FrameDecoder.MAX_REMAINING_LENGTH, V5).feed(bytes, 0, bytes.length, out::add);
            return out;
        }
    }

    private Connector connector(ClientOptions options, Map<URI, byte[]> replies, URI... brokers) {
        List<Broker> list = new ArrayList<>();
        for (URI b : brokers) {
            list.add(new Broker(b, null));
        }
        return new Connector(FrozenOptions.of(options.setProtocolVersion(5)), null, list, (uri, dial) -> {
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            opened.add(new Opened(uri, written));
            byte[] reply = replies.getOrDefault(uri, new byte[0]);
            return new Link() {
                @Override
                public InputStream input() {
                    return new ByteArrayInputStream(reply);
                }

                @Override
                public OutputStream output() {
                    return written;
                }

                @Override
                public String describe() {
                    return uri.toString();
                }

                @Override
                public void close() {
                }
            };
        });
    }

    private static byte[] bytes(Packet... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            out.writeBytes(Encoder.encode(p, V5));
        }
        return out.toByteArray();
    }

    private static ConnectionRefusedException refusal(Connector c) {
        return catchThrowableOfType(() -> c.connectOnce(null), ConnectionRefusedException.class);
    }

    private static Connack connack(int code, ConnackProperties properties) {
        return new Connack(false, code, PropertyViews.of(properties));
    }

    @Test
    void connectsWithALevel5ConnectAndReadsTheConnacksProperties() {
        ConnackProperties props = ConnackProperties.builder().receiveMaximum(20).topicAliasMaximum(10).build();
        Connector c = connector(new ClientOptions().setClientId("c"), Map.of(A, bytes(connack(0, props))), A);
        Connector.Accepted accepted = c.connectOnce(null);
        assertThat(accepted.version()).isEqualTo(V5);
        assertThat(accepted.properties()).isEqualTo(props);
        Connect sent = (Connect) opened.get(0).packets().get(0);
        assertThat(sent.version()).isEqualTo(V5);
        assertThat(sent.properties().has(Property.MAXIMUM_PACKET_SIZE)).isTrue();
    }

    @Test
    void theWillCarriesItsPropertiesAndAPasswordNeedsNoUserName_section_3_1_3_2() {
        MessageProperties will = MessageProperties.builder().willDelay(Duration.ofSeconds(30))
                .messageExpiry(Duration.ofMinutes(5)).contentType("text/plain").responseTopic("r/t")
                .correlationData(new byte[] {4}).payloadFormatUtf8(true).userProperty("k", "v").build();
        Connector c = connector(new ClientOptions().setWill("w/t", "bye", 1, false).setWillProperties(will)
                .setCredentialsProvider(() -> new CredentialsProvider.Credentials(null, new byte[] {7})),
                Map.of(A, bytes(connack(0, ConnackProperties.DEFAULTS))), A);
        c.connectOnce(null);
        Connect sent = (Connect) opened.get(0).packets().get(0);
        assertThat(PropertyViews.message(sent.will().properties())).isEqualTo(will);
        assertThat(sent.username()).isNull();
        assertThat(sent.password()).containsExactly(7);
    }

    @Test
    void theAssignedClientIdIsSentOnReconnect_MQTT_3_2_2_3_7() {
        ConnackProperties props = ConnackProperties.builder().assignedClientId("auto-42").build();
        Connector c = connector(new ClientOptions(), Map.of(A, bytes(connack(0, props))), A);
        c.connectOnce(null);
        c.connectOnce(null);
        assertThat(((Connect) opened.get(0).packets().get(0)).clientId()).isEmpty();
        assertThat(((Connect) opened.get(1).packets().get(0)).clientId()).isEqualTo("auto-42");
        assertThat(c.assignedClientId()).isEqualTo("auto-42");
    }

    @Test
    void aRefusalCarriesItsReasonCodeAndReasonString() {
        ConnackProperties props = ConnackProperties.builder().reasonString("no such user").build();
        Connector c = connector(new ClientOptions(), Map.of(A, bytes(connack(0x86, props))), A);
        ConnectionRefusedException e = refusal(c);
        assertThat(e.code()).isEqualTo(0x86);
        assertThat(e.reasonString()).contains("no such user");
        assertThat(e).hasMessage("connection refused by tcp://a.example:1883: Bad User Name or Password"
                + " (reason code 0x86): 'no such user'");
    }

    @Test
    void unsupportedProtocolVersionSaysTheBrokerDoesNotSpeak5() {
        Connector c = connector(new ClientOptions(), Map.of(A, bytes(connack(0x84, ConnackProperties.DEFAULTS))), A);
        ConnectionRefusedException e = refusal(c);
        assertThat(e.code()).isEqualTo(0x84);
        assertThat(e).hasMessageContaining("the broker does not speak MQTT 5.0");
        assertThat(opened).hasSize(1).as("no fallback: the version was set");
    }

    @Test
    void aBrokerOf311RefusingLevel5IsNamedAsSuch_MQTT_3_1_2_2() {
        Connector c = connector(new ClientOptions(), Map.of(A, new byte[] {0x20, 0x02, 0x00, 0x01}), A);
        ConnectionRefusedException e = refusal(c);
        assertThat(e.code()).isEqualTo(1);
        assertThat(e).hasMessageContaining("does not speak MQTT 5.0")
                .hasMessageContaining("3.1.1 return code 1 (unacceptable protocol version)");
    }

    @Test
    void eachChallengeIsAnsweredUntilTheConnack_section_4_12() {
        Properties challenge1 = Properties.builder().string(Property.AUTHENTICATION_METHOD, "M")
                .binary(Property.AUTHENTICATION_DATA, new byte[] {1}).build();
        Properties challenge2 = Properties.builder().string(Property.AUTHENTICATION_METHOD, "M")
                .binary(Property.AUTHENTICATION_DATA, new byte[] {2}).build();
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        Authenticator auth = new ScriptedAuthenticator("M", null, data -> {
            seen.add(data);
            return new byte[] {(byte) (data[0] + 10)};
        });
        Connector c = connector(new ClientOptions().setAuthenticator(auth), Map.of(A,
                bytes(new Auth(0x18, challenge1), new Auth(0x18, challenge2),
                        connack(0, ConnackProperties.DEFAULTS))), A);
        c.connectOnce(null);
        assertThat(seen).containsExactly(new byte[] {1}, new byte[] {2});
        List<Packet> sent = opened.get(0).packets();
        assertThat(sent).hasSize(3);
        assertThat(((Connect) sent.get(0)).properties().string(Property.AUTHENTICATION_METHOD)).isEqualTo("M");
        assertThat(sent.get(1).properties().binary(Property.AUTHENTICATION_DATA)).containsExactly(11);
        assertThat(sent.get(2).properties().binary(Property.AUTHENTICATION_DATA)).containsExactly(12);
        assertThat(sent.get(2).reasonCode()).isEqualTo(0x18);
    }

    @Test
    void anAuthWithoutAnAuthenticatorIsAProtocolErrorToldInADisconnect_MQTT_4_12_0_6() {
        Properties challenge = Properties.builder().string(Property.AUTHENTICATION_METHOD, "M").build();
        Connector c = connector(new ClientOptions(), Map.of(A, bytes(new Auth(0x18, challenge))), A);
        MqttProtocolException e = catchThrowableOfType(() -> c.connectOnce(null), MqttProtocolException.class);
        assertThat(e.reasonCode()).isEqualTo(0x82);
        List<Packet> sent = opened.get(0).packets();
        assertThat(sent.get(sent.size() - 1)).isEqualTo(new Disconnect(0x82, Properties.EMPTY));
    }

    @Test
    void aRefusalWithAServerReferenceIsFollowedWhenAsked() {
        ConnackProperties moved = ConnackProperties.builder().serverReference("b.example").build();
        Map<URI, byte[]> replies = Map.of(A, bytes(connack(0x9D, moved)),
                B, bytes(connack(0, ConnackProperties.DEFAULTS)));
        Connector c = connector(new ClientOptions().setFollowServerReference(true), replies, A);
        assertThat(c.connectOnce(null).broker()).isEqualTo(B);
        assertThat(opened).extracting(Opened::uri).containsExactly(A, B);
    }

    @Test
    void aServerReferenceIsNotFollowedUnlessAsked() {
        ConnackProperties moved = ConnackProperties.builder().serverReference("b.example").build();
        Connector c = connector(new ClientOptions(), Map.of(A, bytes(connack(0x9C, moved))), A);
        ConnectionRefusedException e = refusal(c);
        assertThat(e.serverReference()).contains("b.example");
        assertThat(opened).hasSize(1);
    }

    @Test
    void twoBrokersPointingAtEachOtherAreFollowedAtMostThreeTimes() {
        Map<URI, byte[]> replies = Map.of(
                A, bytes(connack(0x9C, ConnackProperties.builder().serverReference("b.example").build())),
                B, bytes(connack(0x9C, ConnackProperties.builder().serverReference("a.example").build())));
        Connector c = connector(new ClientOptions().setFollowServerReference(true), replies, A);
        ConnectionRefusedException e = refusal(c);
        assertThat(opened).extracting(Opened::uri).containsExactly(A, B, A, B);
        assertThat(e.code()).isEqualTo(0x9C);
    }

    @Test
    void aDisconnectsReferenceIsTriedFirstByTheNextPass() {
        Map<URI, byte[]> replies = Map.of(A, bytes(connack(0, ConnackProperties.DEFAULTS)),
                B, bytes(connack(0, ConnackProperties.DEFAULTS)));
        Connector c = connector(new ClientOptions().setFollowServerReference(true), replies, A);
        assertThat(c.redirectAfter(new MqttServerException("moved", 0x9D, null, "b.example"), A)).isTrue();
        assertThat(c.connectOnce(null).broker()).isEqualTo(B);
        assertThat(c.connectOnce(null).broker()).as("once only").isEqualTo(A);
    }

    @Test
    void aDisconnectBeforeTheConnackFailsWithTheBrokersCodeAndReasonAndNothingIsSentBack_MQTT_3_14_0_1() {
        Properties why = Properties.builder().string(Property.REASON_STRING, "banned client").build();
        Connector c = connector(new ClientOptions(), Map.of(A, bytes(new Disconnect(0x87, why))), A);

        MqttServerException e = catchThrowableOfType(() -> c.connectOnce(null), MqttServerException.class);

        assertThat(e).isNotInstanceOf(ConnectionRefusedException.class);
        assertThat(e.code()).isEqualTo(0x87);
        assertThat(e.reasonString()).contains("banned client");
        assertThat(e).hasMessageContaining("DISCONNECT before CONNACK").hasMessageContaining("0x87 (Not authorized)")
                .hasMessageContaining("'banned client'").hasMessageContaining("[MQTT-3.14.0-1]");
        assertThat(opened.get(0).packets()).singleElement().isInstanceOf(Connect.class);
    }
}
