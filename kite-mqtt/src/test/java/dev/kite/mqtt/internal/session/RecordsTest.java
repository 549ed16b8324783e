package dev.kite.mqtt.internal.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Kite's store records: round trips, the documented layout, and garbage refused. */
class RecordsTest {

    private static Publish publish(String topic, int qos, boolean retain, int id) {
        return new Publish(topic, ("payload of " + topic).getBytes(UTF_8), qos, retain, false, id);
    }

    private static void assertSameMessage(Publish actual, Publish expected) {
        assertThat(actual.topic()).isEqualTo(expected.topic());
        assertThat(actual.payload()).isEqualTo(expected.payload());
        assertThat(actual.qos()).isEqualTo(expected.qos());
        assertThat(actual.retain()).isEqualTo(expected.retain());
        assertThat(actual.packetId()).isEqualTo(expected.packetId());
        assertThat(actual.dup()).isFalse();
    }

    @Test
    void publishRoundTripsWithAndWithoutAnId() {
        for (Publish p : new Publish[] {
                publish("a/b", 1, false, 0),
                publish("a/b", 2, true, 1),
                publish("ünïcode/τ", 1, true, 65_535),
                new Publish("empty", new byte[0], 2, false, false, 7)}) {
            Records.Outbound r = Records.readOutbound(Records.publish(p));
            assertThat(r.released()).isFalse();
            assertSameMessage(r.publish(), p);
        }
    }

    @Test
    void dupIsNotStoredBecauseItIsDecidedWhenResending() {
        Publish dup = publish("a", 1, false, 3).withIdAndDup(3, true);
        assertThat(Records.readOutbound(Records.publish(dup)).publish().dup()).isFalse();
    }

    @Test
    void releasedRecordRoundTripsAndKeepsTheMessage() {
        Publish p = publish("a", 2, false, 42);
        Records.Outbound r = Records.readOutbound(Records.released(p));
        assertThat(r.released()).isTrue();
        assertSameMessage(r.publish(), p);
    }

    @Test
    void publishRecordHasTheDocumentedLayout() {
        byte[] r = Records.publish(new Publish("ab", new byte[] {9, 8}, 2, true, false, 0x0102));
        // version 1, state PUBLISH, id 0x0102, flags qos 2 | retain, topic length 2, "ab", payload
        assertThat(r).containsExactly(1, 1, 1, 2, 6, 0, 2, 'a', 'b', 9, 8);
        assertThat(Records.released(new Publish("ab", new byte[0], 2, false, false, 1))[1]).isEqualTo((byte) 2);
    }

    @Test
    void aPublishWithMqtt5PropertiesKeepsThemInTheSecondForm() {
        Properties props = Properties.builder().string(Property.CONTENT_TYPE, "text/plain")
                .binary(Property.CORRELATION_DATA, new byte[] {1, 2}).userProperty("k", "v").build();
        for (int id : new int[] {0, 9}) {
            Publish p = new Publish("a/b", new byte[] {7}, 2, true, false, id, props);
            byte[] value = Records.publish(p);
            assertThat(value[0]).isEqualTo((byte) 2);
            Records.Outbound r = Records.readOutbound(value);
            assertSameMessage(r.publish(), p);
            assertThat(r.publish().properties()).isEqualTo(props);
            assertThat(r.released()).isFalse();
        }
        Records.Outbound released = Records.readOutbound(Records.released(new Publish("a", new byte[0], 2, false, false, 5,
                props)));
        assertThat(released.released()).isTrue();
        assertThat(released.publish().properties()).isEqualTo(props);
        assertThat(released.publish().packetId()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "02 01 00 01 32",             // a PUBLISH cut short
        "02 01 00 01 32 05 00 01 61 00 01", // a 3.1.1 PUBLISH: no property length
        "02 03 00 01 32 04 00 01 61 00 01 00", // unknown state
    })
    void garbageRecordsOfTheSecondFormAreRefused(String hex) {
        byte[] value = bytes(hex);
        assertThatThrownBy(() -> Records.readOutbound(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscriptionsWithMqtt5OptionsRoundTripAndPlainOnesKeepTheFirstForm() {
        Subscribe.Subscription plain = new Subscribe.Subscription("a/#", 1);
        assertThat(Records.subscription(plain, 0)).isEqualTo(Records.subscription("a/#", 1));
        Subscribe.Subscription options = new Subscribe.Subscription("$share/g/x", 2, false, true, 2);
        Records.Subscription r = Records.readSubscription(Records.subscription(options, 268_435_455));
        assertThat(r.subscription()).isEqualTo(options);
        assertThat(r.identifier()).isEqualTo(268_435_455);
        assertThat(Records.readSubscription(Records.subscription("b", 0)))
                .isEqualTo(new Records.Subscription(new Subscribe.Subscription("b", 0), 0));
    }

    @Test
    void subscriptionRoundTrips() {
        byte[] r = Records.subscription("a/+/#", 2);
        assertThat(Records.subscriptionFilter(r)).isEqualTo("a/+/#");
        assertThat(Records.subscriptionQos(r)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                          // empty
        "01 01 00 01 01 00",         // shorter than the fixed part
        "02 01 00 01 01 00 00",      // unknown version
        "00 01 00 01 01 00 00",      // version 0
        "01 03 00 01 01 00 00",      // unknown state
        "01 01 00 01 00 00 00",      // QoS 0 is never stored
        "01 01 00 01 03 00 00",      // QoS 3
        "01 02 00 01 01 00 00",      // PUBREL state for a QoS 1 message
        "01 02 00 00 02 00 00",      // PUBREL state without a packet id
        "01 01 00 01 01 00 05 61",   // topic length beyond the record
        "01 01 00 01 01 ff ff",      // topic length far beyond the record
    })
    void garbageOutboundRecordsAreRefused(String hex) {
        byte[] value = bytes(hex);
        assertThatThrownBy(() -> Records.readOutbound(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "01 01",          // no filter
        "02 01 61",       // unknown version
        "01 03 61",       // QoS 3
        "01 ff 61",       // QoS -1
    })
    void garbageSubscriptionRecordsAreRefused(String hex) {
        byte[] value = bytes(hex);
        assertThatThrownBy(() -> {
            Records.subscriptionFilter(value);
            Records.subscriptionQos(value);
        }).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String hex) {
        if (hex.isBlank()) {
            return new byte[0];
        }
        String[] parts = hex.trim().split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
