package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.PacketListener.Direction;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The -d lines of kite pub/sub, worded as libmosquitto 2.0.11 logs them (measured with mosquitto_sub -d). */
class PacketDescriptionsTest {

    @Test
    void subscribeShowsTheOptionsByteWithoutTheQos() {
        Subscribe s = new Subscribe(1, List.of(new Subscribe.Subscription("a/#", 1),
                new Subscribe.Subscription("b", 2, false, true, 0),
                new Subscribe.Subscription("c", 0, false, false, 2),
                new Subscribe.Subscription("d", 1, true, true, 1)));
        assertThat(PacketDescriptions.describe(Direction.SENT, s)).containsExactly(
                "SUBSCRIBE (Mid: 1, Topic: a/#, QoS: 1, Options: 0x00)",
                // mosquitto_sub -V 5 --retain-as-published
                "SUBSCRIBE (Mid: 1, Topic: b, QoS: 2, Options: 0x08)",
                // mosquitto_sub -V 5 -R (retain handling 2)
                "SUBSCRIBE (Mid: 1, Topic: c, QoS: 0, Options: 0x20)",
                "SUBSCRIBE (Mid: 1, Topic: d, QoS: 1, Options: 0x1c)");
    }

    @Test
    void aReceivedDisconnectShowsItsReasonCode() {
        assertThat(PacketDescriptions.describe(Direction.RECEIVED, new Disconnect(0x94, Properties.EMPTY)))
                .containsExactly("DISCONNECT (148)");
        assertThat(PacketDescriptions.describe(Direction.SENT, Disconnect.INSTANCE)).containsExactly("DISCONNECT");
    }

    @Test
    void aPublishThatLeavesItsTopicToAnAliasShowsNull() {
        Publish aliased = new Publish("", new byte[2], 0, false, false, 0);
        assertThat(PacketDescriptions.describe(Direction.SENT, aliased))
                .containsExactly("PUBLISH (d0, q0, r0, m0, '(null)', ... (2 bytes))");
        assertThat(PacketDescriptions.describe(Direction.SENT, new Publish("a/b", new byte[1], 1, true, false, 7)))
                .containsExactly("PUBLISH (d0, q1, r1, m7, 'a/b', ... (1 bytes))");
    }
}
