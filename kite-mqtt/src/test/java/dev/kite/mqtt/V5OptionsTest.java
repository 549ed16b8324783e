package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.testing.ScriptedAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MQTT 5.0 options: defaults, ranges, copies, and what is refused under 3.1.1. */
class V5OptionsTest {
    private final ClientOptions opts = new ClientOptions();

    @Test
    void defaultsAreTheProtocolsOrOff() {
        ClientOptionsReader r = FrozenOptions.of(opts);
        assertThat(r.sessionExpiryInterval()).isNull();
        assertThat(r.receiveMaximum()).isEqualTo(65_535);
        assertThat(r.topicAliasMaximum()).isZero();
        assertThat(r.outboundTopicAliases()).isFalse();
        assertThat(r.requestProblemInformation()).isTrue();
        assertThat(r.requestResponseInformation()).isFalse();
        assertThat(r.userProperties()).isEmpty();
        assertThat(r.willProperties()).isEqualTo(MessageProperties.NONE);
        assertThat(r.authenticator()).isNull();
        assertThat(r.followServerReference()).isFalse();
        assertThat(r.strictReceiveMaximum()).isFalse();
        assertThat(FrozenOptions.of(new ClientOptions().setStrictReceiveMaximum(true)).strictReceiveMaximum()).isTrue();
    }

    @Test
    void clientStatsKeepTheirOlderConstructorsWithTheNewCountersAtZero() {
        assertThat(new ClientStats(1, 2, 3, 4, 5, 6).overReceiveMaximum()).isZero();
        assertThat(new ClientStats(1, 2, 3, 4, 5, 6, 7).ignoredAcks()).isEqualTo(7);
        assertThat(new ClientStats(1, 2, 3, 4, 5, 6, 7).overReceiveMaximum()).isZero();
        assertThat(new ClientStats(1, 2, 3, 4, 5, 6, 7, 8, 9).overReceiveMaximum()).isEqualTo(9);
        assertThat(new ClientStats(1, 2, 3, 4, 5, 6, 7, 8, 9).deliveryQueued()).isEqualTo(8);
    }

    @Test
    void valuesOutOfTheirRangesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> opts.setReceiveMaximum(0)).hasMessageContaining("receiveMaximum 0");
        assertThatThrownBy(() -> opts.setReceiveMaximum(65_536)).hasMessageContaining("receiveMaximum");
        assertThatThrownBy(() -> opts.setTopicAliasMaximum(-1)).hasMessageContaining("topicAliasMaximum");
        assertThatThrownBy(() -> opts.setSessionExpiryInterval(Duration.ofSeconds(-1)))
                .hasMessageContaining("sessionExpiryInterval");
        assertThatThrownBy(() -> opts.setSessionExpiryInterval(Duration.ofSeconds(0x1_0000_0000L)))
                .hasMessageContaining("sessionExpiryInterval");
        assertThatThrownBy(() -> opts.setSessionExpiryInterval(Duration.ofMillis(1500)))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> opts.setWillProperties(MessageProperties.builder().subscriptionIdentifier(3).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscription identifiers");
    }

    @Test
    void userPropertiesAreCopied() {
        List<UserProperty> list = new ArrayList<>(List.of(new UserProperty("k", "v")));
        opts.setUserProperties(list);
        list.clear();
        assertThat(FrozenOptions.of(opts).userProperties()).containsExactly(new UserProperty("k", "v"));
    }

    @Test
    void anAuthenticatorIsRefusedAtConnectUnderMqtt311() {
        Authenticator auth = ScriptedAuthenticator.echo("M", null);
        try (MqttClient c = MqttClient.create(opts.addBroker("tcp://127.0.0.1:1").setAuthenticator(auth))) {
            assertThatThrownBy(c::connect).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("setProtocolVersion(5)");
        }
    }

    @Test
    void anEmptyClientIdWithoutCleanStartIsAcceptedUnderMqtt5_section_3_1_3_1() {
        opts.addBroker("tcp://127.0.0.1:1").setClientId("").setCleanSession(false).setProtocolVersion(5);
        assertThatCode(() -> MqttClient.create(opts).close()).doesNotThrowAnyException();
    }
}
