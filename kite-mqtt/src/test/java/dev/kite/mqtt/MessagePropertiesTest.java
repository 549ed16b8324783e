package dev.kite.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MQTT 5.0 message properties and user properties: checked at the call, immutable, equal by value. */
class MessagePropertiesTest {

    @Test
    void noneHasNothing() {
        MessageProperties none = MessageProperties.NONE;
        assertThat(none.messageExpiry()).isEmpty();
        assertThat(none.payloadFormatUtf8()).isFalse();
        assertThat(none.contentType()).isEmpty();
        assertThat(none.responseTopic()).isEmpty();
        assertThat(none.correlationData()).isEmpty();
        assertThat(none.userProperties()).isEmpty();
        assertThat(none.subscriptionIdentifiers()).isEmpty();
        assertThat(none.willDelay()).isEmpty();
        assertThat(none.isEmpty()).isTrue();
        assertThat(MessageProperties.builder().build()).isEqualTo(none).hasSameHashCodeAs(none);
        assertThat(none).hasToString("MessageProperties[]");
    }

    @Test
    void everyValueReadsBack() {
        MessageProperties m = MessageProperties.builder().messageExpiry(Duration.ofMinutes(5)).payloadFormatUtf8(true)
                .contentType("application/json").responseTopic("reply/1").correlationData(new byte[] {1, 2})
                .userProperty("a", "1").userProperty("a", "2").userProperty("", "").subscriptionIdentifier(7)
                .willDelay(Duration.ZERO).build();
        assertThat(m.messageExpiry()).contains(Duration.ofSeconds(300));
        assertThat(m.payloadFormatUtf8()).isTrue();
        assertThat(m.contentType()).contains("application/json");
        assertThat(m.responseTopic()).contains("reply/1");
        assertThat(m.correlationData()).hasValueSatisfying(d -> assertThat(d).containsExactly(1, 2));
        assertThat(m.userProperties()).containsExactly(new UserProperty("a", "1"), new UserProperty("a", "2"),
                new UserProperty("", ""));
        assertThat(m.subscriptionIdentifiers()).containsExactly(7);
        assertThat(m.willDelay()).contains(Duration.ZERO);
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(m.toString()).contains("correlationData=2 bytes").contains("contentType=application/json");
    }

    @Test
    void anExplicitPayloadFormatIndicatorOfZeroIsNotAnAbsentOne() {
        MessageProperties zero = MessageProperties.builder().payloadFormatIndicator(0).build();
        assertThat(zero.payloadFormatIndicator()).hasValue(0);
        assertThat(zero.payloadFormatUtf8()).isFalse();
        assertThat(zero).isNotEqualTo(MessageProperties.NONE).hasToString("MessageProperties[payloadFormatIndicator=0]");
        assertThat(MessageProperties.NONE.payloadFormatIndicator()).isEmpty();
        MessageProperties one = MessageProperties.builder().payloadFormatIndicator(1).build();
        assertThat(one).isEqualTo(MessageProperties.builder().payloadFormatUtf8(true).build());
        assertThat(one.payloadFormatIndicator()).hasValue(1);
        assertThat(zero.toBuilder().payloadFormatUtf8(false).build()).isEqualTo(MessageProperties.NONE);
        assertThat(one.toBuilder().payloadFormatIndicator(null).build()).isEqualTo(MessageProperties.NONE);
        assertThatThrownBy(() -> MessageProperties.builder().payloadFormatIndicator(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payload format indicator 2: must be 0");
    }

    @Test
    void correlationDataIsCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        MessageProperties m = MessageProperties.builder().correlationData(data).build();
        data[0] = 9;
        m.correlationData().get()[1] = 9;
        assertThat(m.correlationData().get()).containsExactly(1, 2, 3);
        assertThat(m).isEqualTo(MessageProperties.builder().correlationData(new byte[] {1, 2, 3}).build());
    }

    @Test
    void userPropertiesCannotBeChangedFromOutside() {
        MessageProperties m = MessageProperties.builder().userProperty("a", "b").build();
        assertThatThrownBy(() -> m.userProperties().add(new UserProperty("c", "d")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void durationsMustBeWholeSecondsInAFourByteInteger() {
        MessageProperties.Builder b = MessageProperties.builder();
        assertThatThrownBy(() -> b.messageExpiry(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("message expiry PT-1S: must be whole seconds from 0 to 4294967295 (a Four Byte Integer,"
                        + " section 1.5.3)");
        assertThatThrownBy(() -> b.messageExpiry(Duration.ofMillis(1500))).hasMessageContaining("message expiry PT1.5S");
        assertThatThrownBy(() -> b.willDelay(Duration.ofSeconds(4_294_967_296L))).hasMessageContaining("will delay");
        assertThat(b.messageExpiry(Duration.ofSeconds(4_294_967_295L)).build().messageExpiry())
                .contains(Duration.ofSeconds(4_294_967_295L));
        assertThat(b.messageExpiry(null).build().messageExpiry()).isEmpty();
    }

    @Test
    void aResponseTopicIsATopicName() {
        assertThatThrownBy(() -> MessageProperties.builder().responseTopic("a/+"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response topic name 'a/+': wildcards '+' and '#' are not allowed in a topic name"
                        + " [MQTT-3.3.2-14]");
        assertThatThrownBy(() -> MessageProperties.builder().responseTopic("")).hasMessageContaining("must not be empty");
    }

    @Test
    void stringsFollowTheUtf8Rules() {
        assertThatThrownBy(() -> MessageProperties.builder().contentType("a\0b"))
                .hasMessage("content type 'a?b': must not contain U+0000");
        assertThatThrownBy(() -> MessageProperties.builder().contentType("\uD800"))
                .hasMessageContaining("unpaired surrogate at index 0");
        assertThatThrownBy(() -> MessageProperties.builder().contentType("\u00e9".repeat(40_000)))
                .hasMessage("content type of 80000 bytes: must be at most 65535 bytes in UTF-8");
        assertThatThrownBy(() -> MessageProperties.builder().correlationData(new byte[65_536]))
                .hasMessageContaining("correlation data of 65536 bytes: must be at most 65535");
    }

    @Test
    void subscriptionIdentifiersAreInRange() {
        assertThatThrownBy(() -> MessageProperties.builder().subscriptionIdentifier(0))
                .hasMessage("subscription identifier 0 must be 1 to 268435455 (section 3.3.2.3.8)");
        assertThatThrownBy(() -> MessageProperties.builder().subscriptionIdentifier(268_435_456))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userPropertyChecksBothStrings() {
        assertThatThrownBy(() -> new UserProperty(null, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user property name must not be null");
        assertThatThrownBy(() -> new UserProperty("k", "\0")).hasMessage("user property 'k' value '?': must not contain U+0000");
        assertThatThrownBy(() -> new UserProperty("\uDC00", "v")).hasMessageContaining("unpaired surrogate");
        assertThat(new UserProperty("k", "v")).isEqualTo(new UserProperty("k", "v")).hasToString("UserProperty[name=k, value=v]");
        assertThatThrownBy(() -> MessageProperties.builder().userProperties(java.util.Arrays.asList((UserProperty) null)))
                .isInstanceOf(NullPointerException.class);
        assertThat(MessageProperties.builder().userProperties(List.of(new UserProperty("x", "y"))).build().userProperties())
                .containsExactly(new UserProperty("x", "y"));
    }
}
