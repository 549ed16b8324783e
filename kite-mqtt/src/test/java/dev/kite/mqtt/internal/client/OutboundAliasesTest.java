package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Puback;
import org.junit.jupiter.api.Test;

/** Outbound topic aliases: mapped on first use, used after, bounded by the broker's maximum. */
class OutboundAliasesTest {
    private static Publish publish(String topic) {
        return new Publish(topic, new byte[] {1}, 1, false, false, 7,
                Properties.builder().string(Property.CONTENT_TYPE, "c").userProperty("k", "v").build());
    }

    @Test
    void theFirstPublishMapsTheAliasAndLaterOnesUseIt() {
        OutboundAliases aliases = new OutboundAliases(10);

        Publish first = (Publish) aliases.apply(publish("a/b"));
        Publish second = (Publish) aliases.apply(publish("a/b"));

        assertThat(first.topic()).isEqualTo("a/b");
        assertThat(first.properties().number(Property.TOPIC_ALIAS, 0)).isEqualTo(1);
        assertThat(second.topic()).isEmpty();
        assertThat(second.properties().number(Property.TOPIC_ALIAS, 0)).isEqualTo(1);
        assertThat(second.properties().string(Property.CONTENT_TYPE)).isEqualTo("c");
        assertThat(second.properties().userProperties()).hasSize(1);
        assertThat(second.packetId()).isEqualTo(7);
        assertThat(((Publish) aliases.apply(publish("c"))).properties().number(Property.TOPIC_ALIAS, 0)).isEqualTo(2);
    }

    @Test
    void topicsBeyondTheMaximumGoOutInFull() {
        OutboundAliases aliases = new OutboundAliases(1);
        aliases.apply(publish("a"));

        Publish other = (Publish) aliases.apply(publish("b"));

        assertThat(other.topic()).isEqualTo("b");
        assertThat(other.properties().has(Property.TOPIC_ALIAS)).isFalse();
        assertThat(((Publish) aliases.apply(publish("a"))).topic()).isEmpty();
    }

    @Test
    void otherPacketsPassUnchanged() {
        OutboundAliases aliases = new OutboundAliases(5);
        Puback ack = new Puback(3);
        assertThat(aliases.apply(ack)).isSameAs(ack);
    }
}
