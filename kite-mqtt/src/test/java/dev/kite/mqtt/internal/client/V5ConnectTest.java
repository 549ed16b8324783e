package dev.kite.mqtt.internal.client;

import static dev.kite.mqtt.internal.packet.Property.AUTHENTICATION_DATA;
import static dev.kite.mqtt.internal.packet.Property.AUTHENTICATION_METHOD;
import static dev.kite.mqtt.internal.packet.Property.MAXIMUM_PACKET_SIZE;
import static dev.kite.mqtt.internal.packet.Property.RECEIVE_MAXIMUM;
import static dev.kite.mqtt.internal.packet.Property.REQUEST_PROBLEM_INFORMATION;
import static dev.kite.mqtt.internal.packet.Property.REQUEST_RESPONSE_INFORMATION;
import static dev.kite.mqtt.internal.packet.Property.SESSION_EXPIRY_INTERVAL;
import static dev.kite.mqtt.internal.packet.Property.TOPIC_ALIAS_MAXIMUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.FrozenOptions;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.packet.Auth;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.testing.ScriptedAuthenticator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the options put in a 5.0 CONNECT (section 3.1.2.11): values, defaults left out. */
class V5ConnectTest {
    private static Properties of(ClientOptions options) {
        return V5Connect.properties(FrozenOptions.of(options.setProtocolVersion(5)));
    }

    @Test
    void defaultsSendOnlyTheMaximumPacketSize() {
        Properties p = of(new ClientOptions());
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.number(MAXIMUM_PACKET_SIZE, -1)).isEqualTo(4_194_304 + 1 + 4);
    }

    @Test
    void sessionExpiryFollowsCleanSessionUnlessSet() {
        assertThat(of(new ClientOptions().setCleanSession(true)).has(SESSION_EXPIRY_INTERVAL)).isFalse();
        assertThat(of(new ClientOptions().setCleanSession(false)).number(SESSION_EXPIRY_INTERVAL, -1))
                .as("a persistent session outlives the connection, as under 3.1.1").isEqualTo(0xFFFF_FFFFL);
        assertThat(of(new ClientOptions().setCleanSession(true).setSessionExpiryInterval(Duration.ofMinutes(5)))
                .number(SESSION_EXPIRY_INTERVAL, -1)).isEqualTo(300);
        assertThat(of(new ClientOptions().setCleanSession(false).setSessionExpiryInterval(Duration.ZERO))
                .has(SESSION_EXPIRY_INTERVAL)).isFalse();
    }

    @Test
    void everyOptionReachesItsProperty() {
        Properties p = of(new ClientOptions().setReceiveMaximum(10).setTopicAliasMaximum(7)
                .setRequestResponseInformation(true).setRequestProblemInformation(false)
                .setUserProperties(List.of(new UserProperty("a", "1"), new UserProperty("a", "2"))));
        assertThat(p.number(RECEIVE_MAXIMUM, -1)).isEqualTo(10);
        assertThat(p.number(TOPIC_ALIAS_MAXIMUM, -1)).isEqualTo(7);
        assertThat(p.number(REQUEST_RESPONSE_INFORMATION, -1)).isEqualTo(1);
        assertThat(p.number(REQUEST_PROBLEM_INFORMATION, -1)).isZero();
        assertThat(p.userProperties()).containsExactly(new UserProperty("a", "1"), new UserProperty("a", "2"));
    }

    @Test
    void anAuthenticatorNamesItsMethodAndInitialData() {
        Properties p = of(new ClientOptions().setAuthenticator(
                ScriptedAuthenticator.echo("SCRAM-SHA-1", new byte[] {1, 2})));
        assertThat(p.string(AUTHENTICATION_METHOD)).isEqualTo("SCRAM-SHA-1");
        assertThat(p.binary(AUTHENTICATION_DATA)).containsExactly(1, 2);
    }

    @Test
    void anAnswerContinuesTheAuthenticationWithTheSameMethod_MQTT_4_12_0_2() {
        Auth a = V5Connect.answer("M", new byte[] {9});
        assertThat(a.reasonCode()).isEqualTo(0x18);
        assertThat(a.properties().string(AUTHENTICATION_METHOD)).isEqualTo("M");
        assertThat(a.properties().binary(AUTHENTICATION_DATA)).containsExactly(9);
        assertThat(V5Connect.answer("M", null).properties().has(AUTHENTICATION_DATA)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"2, 4", "127, 129", "128, 131", "16383, 16386", "16384, 16388", "268435455, 268435460"})
    void theMaximumPacketSizeCountsTheFixedHeaderOfTheLargestAcceptedPacket(int remaining, long whole) {
        assertThat(V5Connect.maximumPacketSize(remaining)).isEqualTo(whole);
    }
}
