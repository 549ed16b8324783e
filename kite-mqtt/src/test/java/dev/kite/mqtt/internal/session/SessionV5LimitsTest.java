package dev.kite.mqtt.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an MQTT 5.0 CONNACK rules out for SUBSCRIBE and UNSUBSCRIBE (wildcards, shared
 * subscriptions, subscription identifiers, the Maximum Packet Size) fails locally, unsent; and
 * the Receive Maximum the client announced, counted or, when strict, enforced with 0x93.
 */
class SessionV5LimitsTest {
    private final List<Packet> out = new ArrayList<>();
    private Session session = new Session(new MemoryStore(), 20);

    /** A 5.0 broker that takes nothing optional: no wildcards, identifiers or shared subscriptions. */
    private static Limits without(boolean wildcards, boolean identifiers, boolean shared) {
        return new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 65_535, 0, 2, true, wildcards, identifiers, shared);
    }

    private static Limits maximumPacketSize(long bytes) {
        return new Limits(ProtocolVersion.MQTT_5, 65_535, bytes, 65_535);
    }

    private RecordingCompletion subscribe(String filter, int identifier) {
        RecordingCompletion c = new RecordingCompletion();
        session.subscribe(List.of(new Subscription(filter, 1)), identifier, c, out::add);
        return c;
    }

    @Test
    void aWildcardFilterFailsAtOnceWhenTheBrokerTakesNone() {
        session.onConnected(false, without(false, true, true), out::add);

        for (String filter : List.of("a/+/c", "a/#", "$share/g/a/+")) {
            RecordingCompletion c = subscribe(filter, 0);
            assertThat(c.failed()).isTrue();
            assertThat(c.error()).isInstanceOf(MqttClientException.class)
                    .hasMessageContaining(filter).hasMessageContaining("Wildcard Subscription Available 0");
        }
        assertThat(out).isEmpty();
        assertThat(session.subscriptionCount()).isZero();
        assertThat(session.refusal(List.of(new Subscription("a/b", 1)), 0)).isNull();
        assertThat(subscribe("a/b", 0).open()).isTrue();
        assertThat(out).singleElement().isInstanceOf(Subscribe.class);
    }

    @Test
    void aSharedFilterFailsAtOnceWhenTheBrokerHasNoSharedSubscriptions() {
        session.onConnected(false, without(true, true, false), out::add);

        RecordingCompletion c = subscribe("$share/workers/jobs", 0);

        assertThat(c.error()).hasMessageContaining("Shared Subscription Available 0");
        assertThat(out).isEmpty();
    }

    @Test
    void aSubscriptionIdentifierFailsAtOnceWhenTheBrokerTakesNone() {
        session.onConnected(false, without(true, false, true), out::add);

        RecordingCompletion c = subscribe("a/b", 7);

        assertThat(c.error()).hasMessageContaining("Subscription Identifiers Available 0");
        assertThat(out).isEmpty();
        assertThat(subscribe("a/b", 0).open()).isTrue();
        assertThat(out).hasSize(1);
    }

    @Test
    void aSubscribeQueuedOfflineIsCheckedAgainstTheConnectionItMeets() {
        RecordingCompletion c = subscribe("a/#", 0);
        assertThat(c.open()).isTrue();

        session.onConnected(false, without(false, true, true), out::add);

        assertThat(c.error()).hasMessageContaining("Wildcard Subscription Available 0");
        assertThat(out).isEmpty();
        assertThat(session.subscriptionCount()).isZero();
    }

    @Test
    void aHeldWildcardSubscriptionIsNotSentAgainToABrokerThatTakesNone() {
        session.onConnected(false, without(true, true, true), out::add);
        subscribe("a/#", 0);
        subscribe("a/b", 0);
        session.onAck(new Suback(((Subscribe) out.get(0)).packetId(), List.of(1)), out::add);
        session.onAck(new Suback(((Subscribe) out.get(1)).packetId(), List.of(1)), out::add);
        session.onConnectionLost();
        out.clear();

        session.onConnected(false, without(false, true, true), out::add);

        assertThat(out).singleElement().satisfies(p -> assertThat(((Subscribe) p).subscriptions())
                .extracting(Subscription::filter).containsExactly("a/b"));
    }

    @Test
    void aSubscribeOrUnsubscribeLargerThanTheBrokersMaximumFailsAtOnce_MQTT_3_2_2_15() {
        session.onConnected(false, maximumPacketSize(100), out::add);
        String longFilter = "a/".repeat(60) + "b";

        RecordingCompletion sub = subscribe(longFilter, 0);
        RecordingCompletion unsub = new RecordingCompletion();
        session.unsubscribe(List.of(longFilter), unsub, out::add);

        assertThat(sub.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("Maximum Packet Size of 100");
        assertThat(unsub.error()).hasMessageStartingWith("UNSUBSCRIBE of").hasMessageContaining("[MQTT-3.2.2-15]");
        assertThat(out).isEmpty();
        assertThat(session.isIdle()).isTrue();
        assertThat(subscribe("a/b", 0).open()).isTrue();
        assertThat(out).hasSize(1);
    }

    @Test
    void anUnsubscribeTooLargeToSendLeavesTheSubscriptionHeld() {
        session.onConnected(false, maximumPacketSize(60), out::add);
        List<String> many = List.of("x/1", "x/2", "x/3", "x/4", "x/5", "x/6", "x/7", "x/8", "x/9", "x/10", "x/11", "x/12");
        for (String f : many) {
            subscribe(f, 0);
        }
        assertThat(session.subscriptionCount()).isEqualTo(12);

        RecordingCompletion unsub = new RecordingCompletion();
        session.unsubscribe(many, unsub, out::add);

        assertThat(unsub.failed()).isTrue();
        assertThat(session.subscriptionCount()).isEqualTo(12);
    }

    @Test
    void aStrictSessionRefusesTheMessageBeyondTheAnnouncedReceiveMaximumWith0x93() {
        session = new Session(new MemoryStore(), new Session.Settings(20, Integer.MAX_VALUE, 0, true, false, true));
        session.onConnected(false, new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 2), out::add);
        assertThat(session.onPublish(new Publish("in", new byte[] {1}, 1, false, false, 1), out::add)).isTrue();
        assertThat(session.onPublish(new Publish("in", new byte[] {2}, 2, false, false, 2), out::add)).isTrue();

        assertThatThrownBy(() -> session.onPublish(new Publish("in", new byte[] {3}, 1, false, false, 3), out::add))
                .isInstanceOf(MqttProtocolException.class)
                .satisfies(e -> assertThat(((MqttProtocolException) e).reasonCode()).isEqualTo(0x93))
                .hasMessageContaining("[MQTT-3.3.4-9]");
        // a resend of a QoS 2 message already held is no new message: it is answered, not refused
        assertThat(session.onPublish(new Publish("in", new byte[] {2}, 2, true, false, 2), out::add)).isFalse();
        // QoS 0 has no quota
        assertThat(session.onPublish(new Publish("in", new byte[] {4}, 0, false, false, 0), out::add)).isTrue();
        assertThat(session.overReceiveMaximum()).isZero();
    }

    @Test
    void aStrictSessionTakesMessagesOnceAcknowledgementsMakeRoom() {
        session = new Session(new MemoryStore(), new Session.Settings(20, Integer.MAX_VALUE, 0, true, false, true));
        session.onConnected(false, new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 1), out::add);
        for (int id = 1; id <= 5; id++) {
            assertThat(session.onPublish(new Publish("in", new byte[] {1}, 1, false, false, id), out::add)).isTrue();
            session.acknowledge(1, id, out::add);
        }
        assertThat(out).hasSize(5);
    }

    @Test
    void under311TheStrictSettingNeverRefuses() {
        session = new Session(new MemoryStore(), new Session.Settings(20, Integer.MAX_VALUE, 0, true, false, true));
        session.onConnected(false, Limits.V3, out::add);
        for (int id = 1; id <= 100; id++) {
            assertThat(session.onPublish(new Publish("in", new byte[] {1}, 1, false, false, id), out::add)).isTrue();
        }
    }
}
