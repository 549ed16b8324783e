package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ConnackProperties}: the specification's defaults when a broker leaves a property out. */
class ConnackPropertiesTest {

    @Test
    void defaultsAreTheSpecifications() {
        ConnackProperties d = ConnackProperties.DEFAULTS;
        assertThat(d.assignedClientId()).isEmpty();
        assertThat(d.receiveMaximum()).isEqualTo(65_535);
        assertThat(d.maximumPacketSize()).isEmpty();
        assertThat(d.topicAliasMaximum()).isZero();
        assertThat(d.serverKeepAlive()).isEmpty();
        assertThat(d.maximumQos()).isEqualTo(2);
        assertThat(d.retainAvailable()).isTrue();
        assertThat(d.wildcardSubscriptionAvailable()).isTrue();
        assertThat(d.subscriptionIdentifiersAvailable()).isTrue();
        assertThat(d.sharedSubscriptionAvailable()).isTrue();
        assertThat(d.sessionExpiryInterval()).isEmpty();
        assertThat(d.responseInformation()).isEmpty();
        assertThat(d.serverReference()).isEmpty();
        assertThat(d.reasonString()).isEmpty();
        assertThat(d.authenticationMethod()).isEmpty();
        assertThat(d.authenticationData()).isEmpty();
        assertThat(d.userProperties()).isEmpty();
        assertThat(ConnackProperties.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void valuesReadBack() {
        ConnackProperties c = ConnackProperties.builder().receiveMaximum(1).maximumPacketSize(4_294_967_295L)
                .serverKeepAlive(0).maximumQos(0).sessionExpiryInterval(Duration.ofSeconds(10))
                .authenticationData(new byte[] {5}).build();
        assertThat(c.receiveMaximum()).isEqualTo(1);
        assertThat(c.maximumPacketSize()).hasValue(4_294_967_295L);
        assertThat(c.serverKeepAlive()).hasValue(0);
        assertThat(c.maximumQos()).isZero();
        assertThat(c.sessionExpiryInterval()).contains(Duration.ofSeconds(10));
        assertThat(c.toString()).contains("authenticationData=1 bytes").doesNotContain("[5]");
        assertThat(c).isNotEqualTo(ConnackProperties.DEFAULTS);
    }

    @Test
    void protocolErrorsAreRefused() {
        assertThatThrownBy(() -> ConnackProperties.builder().receiveMaximum(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("receive maximum 0 must be 1 to 65535 (section 3.2.2.3.3)");
        assertThatThrownBy(() -> ConnackProperties.builder().maximumPacketSize(0))
                .hasMessage("maximum packet size 0 must be 1 to 4294967295 (section 3.2.2.3.6)");
        assertThatThrownBy(() -> ConnackProperties.builder().maximumQos(3)).hasMessageContaining("maximum QoS 3");
        assertThatThrownBy(() -> ConnackProperties.builder().topicAliasMaximum(65_536))
                .hasMessageContaining("topic alias maximum 65536");
    }
}
