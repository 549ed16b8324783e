package dev.kite.mqtt.internal.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks {@code publish} and {@code subscribe} make at the call for MQTT 5.0's properties and options. */
class RequestsTest {
    private static final MessageProperties PROPS = MessageProperties.builder().contentType("text/plain")
            .userProperty("k", "v").messageExpiry(Duration.ofSeconds(30)).build();

    @Test
    void propertiesGoIntoThePublish() {
        Publish p = Requests.publish("a/b", 1, false, "x".getBytes(UTF_8), PROPS, true);

        Properties wire = p.properties();
        assertThat(wire.string(Property.CONTENT_TYPE)).isEqualTo("text/plain");
        assertThat(wire.number(Property.MESSAGE_EXPIRY_INTERVAL, -1)).isEqualTo(30);
        assertThat(wire.userProperties()).hasSize(1);
        assertThat(p.packetId()).isZero();
    }

    @Test
    void noPropertiesAreNoneUnderEitherVersion() {
        assertThat(Requests.publish("a", 0, false, new byte[0], MessageProperties.NONE, false).properties())
                .isSameAs(Properties.EMPTY);
    }

    @Test
    void propertiesUnder311AreRefusedNotDropped() {
        assertThatThrownBy(() -> Requests.publish("a", 1, false, new byte[0], PROPS, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exist only in MQTT 5.0").hasMessageContaining("setProtocolVersion(5)");
    }

    @Test
    void aPayloadThatIsNotUtf8IsRefusedWhenTheFormatSaysUtf8() {
        MessageProperties utf8 = MessageProperties.builder().payloadFormatUtf8(true).build();
        assertThat(Requests.publish("a", 0, false, "héllo".getBytes(UTF_8), utf8, true).properties()
                .number(Property.PAYLOAD_FORMAT_INDICATOR, 0)).isEqualTo(1);
        assertThatThrownBy(() -> Requests.publish("a", 0, false, new byte[] {(byte) 0xC3, 0x28}, utf8, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed UTF-8");
    }

    @Test
    void subscriptionIdentifiersAndWillDelayAreRefusedOnAPublish() {
        assertThatThrownBy(() -> Requests.publish("a", 0, false, new byte[0],
                MessageProperties.builder().subscriptionIdentifier(3).build(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MQTT-3.3.4-6");
        assertThatThrownBy(() -> Requests.publish("a", 0, false, new byte[0],
                MessageProperties.builder().willDelay(Duration.ofSeconds(1)).build(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("will delay");
    }

    @Test
    void nullPropertiesAreRefused() {
        assertThatThrownBy(() -> Requests.publish("a", 0, false, new byte[0], null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MessageProperties.NONE");
    }

    @Test
    void subscriptionsKeepTheirOptionsAndShareOneIdentifier() {
        Requests.SubscribeRequest s = Requests.subscriptions(List.of(
                Subscription.of("a/+", 1).withNoLocal(true).withSubscriptionIdentifier(5),
                Subscription.of("$share/g/b", 2).withRetainHandling(2).withSubscriptionIdentifier(5)), true);

        assertThat(s.identifier()).isEqualTo(5);
        assertThat(s.entries()).containsExactly(new Subscribe.Subscription("a/+", 1, true, false, 0),
                new Subscribe.Subscription("$share/g/b", 2, false, false, 2));
    }

    @Test
    void differentIdentifiersInOneCallAreRefused() {
        assertThatThrownBy(() -> Requests.subscriptions(List.of(Subscription.of("a", 1).withSubscriptionIdentifier(1),
                Subscription.of("b", 1)), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same one, or none");
    }

    @Test
    void optionsUnder311AreRefusedButPlainSubscriptionsPass() {
        assertThat(Requests.subscriptions(List.of(Subscription.of("a", 1)), false).entries())
                .containsExactly(new Subscribe.Subscription("a", 1));
        assertThatThrownBy(() -> Requests.subscriptions(List.of(Subscription.of("a", 1).withNoLocal(true)), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exist only in MQTT 5.0");
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> Requests.subscriptions(List.of(), true)).isInstanceOf(IllegalArgumentException.class);
    }
}
