package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Subscription}: each option checked at the call, each {@code with} a new value. */
class SubscriptionTest {

    @Test
    void defaults() {
        Subscription s = Subscription.of("a/+", 1);
        assertThat(s.filter()).isEqualTo("a/+");
        assertThat(s.qos()).isEqualTo(1);
        assertThat(s.noLocal()).isFalse();
        assertThat(s.retainAsPublished()).isFalse();
        assertThat(s.retainHandling()).isZero();
        assertThat(s.subscriptionIdentifier()).isEmpty();
        assertThat(s).hasToString("Subscription[a/+, qos=1]");
    }

    @Test
    void withReturnsANewValueAndLeavesTheOldOne() {
        Subscription s = Subscription.of("a", 0);
        Subscription t = s.withNoLocal(true).withRetainAsPublished(true).withRetainHandling(2)
                .withSubscriptionIdentifier(268_435_455);
        assertThat(s).isEqualTo(Subscription.of("a", 0));
        assertThat(t.noLocal()).isTrue();
        assertThat(t.retainAsPublished()).isTrue();
        assertThat(t.retainHandling()).isEqualTo(2);
        assertThat(t.subscriptionIdentifier()).hasValue(268_435_455);
        assertThat(t).isNotEqualTo(s).isEqualTo(Subscription.of("a", 0).withRetainHandling(2).withNoLocal(true)
                .withRetainAsPublished(true).withSubscriptionIdentifier(268_435_455));
        assertThat(t.hashCode()).isEqualTo(Subscription.of("a", 0).withNoLocal(true).withRetainAsPublished(true)
                .withRetainHandling(2).withSubscriptionIdentifier(268_435_455).hashCode());
        assertThat(t.toString()).contains("noLocal", "retainAsPublished", "retainHandling=2", "id=268435455");
    }

    @Test
    void badValuesAreRefusedAtTheCall() {
        assertThatThrownBy(() -> Subscription.of("a/#/b", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'#' must be the last level");
        assertThatThrownBy(() -> Subscription.of("a", 3))
                .hasMessage("subscription 'a': QoS 3 must be 0, 1 or 2 (section 3.8.3.1)");
        assertThatThrownBy(() -> Subscription.of("a", 0).withRetainHandling(3))
                .hasMessage("subscription 'a': retain handling 3 must be 0, 1 or 2 (section 3.8.3.1)");
        assertThatThrownBy(() -> Subscription.of("a", 0).withSubscriptionIdentifier(0))
                .hasMessage("subscription 'a': subscription identifier 0 must be 1 to 268435455 (section 3.8.2.1.2)");
        assertThatThrownBy(() -> Subscription.of("a", 0).withSubscriptionIdentifier(268_435_456))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() {
        assertThatThrownBy(() -> Subscription.of("$share/g/a", 1).withNoLocal(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subscription '$share/g/a': No Local must not be set on a shared subscription [MQTT-3.8.3-4]");
        assertThat(Subscription.of("$share/g/a", 1).withNoLocal(false).noLocal()).isFalse();
    }
}
