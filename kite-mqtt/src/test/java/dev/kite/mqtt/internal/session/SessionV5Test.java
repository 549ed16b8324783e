package dev.kite.mqtt.internal.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.store.MemoryStore;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The MQTT 5.0 rules of a {@link Session}, packet by packet: reason codes on acknowledgements,
 * no resend after a refusal, the broker's Receive Maximum and Maximum Packet Size, subscription
 * identifiers and options kept for resubscribing.
 */
class SessionV5Test {
    private static final Limits V5 = new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 65_535);

    private final MemoryStore store = new MemoryStore();
    private final List<Packet> out = new ArrayList<>();
    private Session session = new Session(store, 20);

    private static Limits receiveMaximum(int n) {
        return new Limits(ProtocolVersion.MQTT_5, n, 0, 65_535);
    }

    private static Limits maximumPacketSize(long bytes) {
        return new Limits(ProtocolVersion.MQTT_5, 65_535, bytes, 65_535);
    }

    private RecordingCompletion publish(String topic, int qos) {
        return publish(topic, qos, topic.getBytes(UTF_8));
    }

    private RecordingCompletion publish(String topic, int qos, byte[] payload) {
        RecordingCompletion c = new RecordingCompletion();
        session.publish(new Publish(topic, payload, qos, false, false, 0), c, out::add);
        return c;
    }

    private List<String> sent() {
        List<String> s = out.stream().map(SessionTest::describe).collect(Collectors.toList());
        out.clear();
        return s;
    }

    /** The topics of the PUBLISHes sent since the last call: where the ids the allocator picks do not matter. */
    private List<String> sentTopics() {
        List<String> s = out.stream().map(p -> p instanceof Publish pub ? pub.topic() : Packet.Type.name(p.type()))
                .collect(Collectors.toList());
        out.clear();
        return s;
    }

    private static Properties reason(String text) {
        return Properties.builder().string(Property.REASON_STRING, text).build();
    }

    private long outboundRecords() {
        return store.keys().stream().filter(k -> k.kind() == StoreKey.Kind.OUTBOUND).count();
    }

    // ---- reason codes on PUBACK and PUBREC

    @Test
    void refusedPubackFailsThePublishWithTheCodeAndReasonString() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion c = publish("a", 1);
        sent();

        session.onAck(new Puback(1, 0x87, reason("not allowed")), out::add);

        assertThat(c.failed()).isTrue();
        assertThat(c.error()).isInstanceOf(MqttServerException.class)
                .hasMessageContaining("0x87 (Not authorized)").hasMessageContaining("not allowed");
        MqttServerException e = (MqttServerException) c.error();
        assertThat(e.code()).isEqualTo(0x87);
        assertThat(e.reasonString()).contains("not allowed");
        assertThat(c.reasonCode()).isEqualTo(0x87);
        assertThat(session.inflightCount()).isZero();
        assertThat(outboundRecords()).isZero();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void refusedPublishIsNotResentAfterAReconnect() {
        session.onConnected(false, V5, out::add);
        publish("a", 1);
        RecordingCompletion b = publish("b", 1);
        session.onAck(new Puback(1, 0x97, Properties.EMPTY), out::add);
        sent();

        session.onConnectionLost();
        session.onConnected(true, V5, out::add);

        assertThat(sent()).containsExactly("PUBLISH b q1 id=2 dup");
        assertThat(b.open()).isTrue();
    }

    @Test
    void noMatchingSubscribersIsASuccessWithItsCode() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion c = publish("a", 1);

        session.onAck(new Puback(1, 0x10, Properties.EMPTY), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(c.reasonCode()).isEqualTo(0x10);
    }

    @Test
    void refusedPubrecFailsTheQos2PublishAndNoPubrelFollows() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion c = publish("a", 2);
        sent();

        session.onAck(new Pubrec(1, 0x87, Properties.EMPTY), out::add);

        assertThat(sent()).isEmpty();
        assertThat(c.failed()).isTrue();
        assertThat(((MqttServerException) c.error()).code()).isEqualTo(0x87);
        assertThat(outboundRecords()).isZero();

        session.onConnectionLost();
        session.onConnected(true, V5, out::add);
        assertThat(sent()).isEmpty();
    }

    @Test
    void refusedPubrecForAnUnknownIdIsNotAnsweredWithPubrel() {
        session.onConnected(false, V5, out::add);

        session.onAck(new Pubrec(9, 0x80, Properties.EMPTY), out::add);

        assertThat(sent()).isEmpty();
    }

    @Test
    void qos2ReasonCodeIsThePubrecs() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion c = publish("a", 2);
        sent();

        session.onAck(new Pubrec(1, 0x10, Properties.EMPTY), out::add);
        assertThat(sent()).containsExactly("PUBREL 1");
        session.onAck(new Pubcomp(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(c.reasonCode()).isEqualTo(0x10);
    }

    @Test
    void aRefusalFreesTheWindowForTheNextMessage() {
        session = new Session(store, 1);
        session.onConnected(false, V5, out::add);
        publish("a", 1);
        RecordingCompletion b = publish("b", 1);
        assertThat(sent()).containsExactly("PUBLISH a q1 id=1");

        session.onAck(new Puback(1, 0x80, Properties.EMPTY), out::add);

        assertThat(sentTopics()).containsExactly("b");
        assertThat(b.open()).isTrue();
    }

    // ---- Receive Maximum

    @Test
    void theBrokersReceiveMaximumBoundsTheWindowAndTheRestWaitInOrder() {
        session.onConnected(false, receiveMaximum(3), out::add);
        for (int i = 0; i < 6; i++) {
            publish("m" + i, 1);
        }
        assertThat(sent()).containsExactly("PUBLISH m0 q1 id=1", "PUBLISH m1 q1 id=2", "PUBLISH m2 q1 id=3");
        assertThat(session.waitingCount()).isEqualTo(3);

        session.onAck(new Puback(2), out::add);
        assertThat(sentTopics()).containsExactly("m3");
        session.onAck(new Puback(1), out::add);
        session.onAck(new Puback(3), out::add);
        assertThat(sentTopics()).containsExactly("m4", "m5");
        assertThat(session.inflightCount()).isEqualTo(3);
    }

    @Test
    void theClientsOwnWindowWinsWhenItIsSmaller() {
        session = new Session(store, 2);
        session.onConnected(false, receiveMaximum(10), out::add);
        for (int i = 0; i < 4; i++) {
            publish("m" + i, 1);
        }
        assertThat(sent()).hasSize(2);
    }

    @Test
    void qos0IsNotBoundByTheReceiveMaximum() {
        session.onConnected(false, receiveMaximum(1), out::add);
        publish("a", 1);
        publish("b", 0);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1", "PUBLISH b q0 id=0");
    }

    @Test
    void aQos2MessageHoldsItsPlaceUntilPubcomp() {
        session.onConnected(false, receiveMaximum(1), out::add);
        publish("a", 2);
        publish("b", 1);
        sent();

        session.onAck(new Pubrec(1), out::add);
        assertThat(sent()).containsExactly("PUBREL 1");
        session.onAck(new Pubcomp(1), out::add);
        assertThat(sentTopics()).containsExactly("b");
    }

    @Test
    void resendAfterAReconnectKeepsToTheNewReceiveMaximum() {
        session.onConnected(false, V5, out::add);
        for (int i = 0; i < 5; i++) {
            publish("m" + i, 1);
        }
        sent();
        session.onConnectionLost();

        session.onConnected(true, receiveMaximum(2), out::add);
        assertThat(sent()).containsExactly("PUBLISH m0 q1 id=1 dup", "PUBLISH m1 q1 id=2 dup");

        session.onAck(new Puback(1), out::add);
        assertThat(sent()).containsExactly("PUBLISH m2 q1 id=3 dup");
        session.onAck(new Puback(2), out::add);
        session.onAck(new Puback(3), out::add);
        assertThat(sent()).containsExactly("PUBLISH m3 q1 id=4 dup", "PUBLISH m4 q1 id=5 dup");
    }

    // ---- Maximum Packet Size

    @Test
    void aPublishLargerThanTheBrokersMaximumFailsAtOnceAndTheNextGoesOut() {
        session.onConnected(false, maximumPacketSize(100), out::add);
        RecordingCompletion big = publish("big", 1, new byte[200]);
        RecordingCompletion small = publish("small", 1, new byte[10]);

        assertThat(big.failed()).isTrue();
        assertThat(big.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("Maximum Packet Size of 100");
        assertThat(sent()).containsExactly("PUBLISH small q1 id=1");
        assertThat(small.open()).isTrue();
        assertThat(outboundRecords()).isEqualTo(1);
    }

    @Test
    void aPublishOfExactlyTheMaximumGoesOut() {
        // fixed header 2 + topic 2+1 + packet id 2 + property length 1 + payload
        session.onConnected(false, maximumPacketSize(100), out::add);
        RecordingCompletion c = publish("t", 1, new byte[92]);

        assertThat(c.open()).isTrue();
        assertThat(sent()).containsExactly("PUBLISH t q1 id=1");
    }

    @Test
    void aMessageQueuedOfflineThatIsTooLargeForTheBrokerFailsWhenConnected() {
        RecordingCompletion big = publish("big", 1, new byte[200]);
        RecordingCompletion small = publish("small", 1, new byte[10]);
        assertThat(outboundRecords()).isEqualTo(2);

        session.onConnected(false, maximumPacketSize(100), out::add);

        assertThat(big.failed()).isTrue();
        assertThat(sent()).containsExactly("PUBLISH small q1 id=1");
        assertThat(outboundRecords()).isEqualTo(1);
        assertThat(small.open()).isTrue();
    }

    @Test
    void refusalIsAskedForTheQos0PathOnlyWhileConnected() {
        Publish big = new Publish("t", new byte[200], 0, false, false, 0);
        assertThat(session.refusal(big)).isNull();
        session.onConnected(false, maximumPacketSize(100), out::add);
        assertThat(session.refusal(big)).contains("Maximum Packet Size");
        assertThat(session.refusal(new Publish("t", new byte[10], 0, false, false, 0))).isNull();
    }

    @Test
    void aQosAboveTheBrokersMaximumOrARetainedMessageItCannotTakeFailsAtOnce() {
        session.onConnected(false, new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 65_535, 0, 1, false), out::add);
        RecordingCompletion qos2 = publish("a", 2);
        RecordingCompletion retained = new RecordingCompletion();
        session.publish(new Publish("b", new byte[0], 1, true, false, 0), retained, out::add);
        RecordingCompletion fine = publish("c", 1);

        assertThat(qos2.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("QoS 1 at most");
        assertThat(retained.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("no retained messages");
        assertThat(fine.open()).isTrue();
        assertThat(sentTopics()).containsExactly("c");
    }

    // ---- SUBACK and UNSUBACK reason codes

    @Test
    void aSubackRefusingSomeFiltersCompletesWithEachCode() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion c = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("a", 1), new Subscription("b", 1)), c, out::add);

        session.onAck(new Suback(1, List.of(1, 0x87)), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(c.result()).isEqualTo(List.of(1, 0x87));
        assertThat(session.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void aSubackRefusingEveryFilterFailsWithTheCodesAsResult() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion c = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("a", 1)), c, out::add);

        session.onAck(new Suback(1, List.of(0x87), reason("acl")), out::add);

        assertThat(c.failed()).isTrue();
        assertThat(c.result()).isEqualTo(List.of(0x87));
        MqttServerException e = (MqttServerException) c.error();
        assertThat(e.code()).isEqualTo(0x87);
        assertThat(e.reasonString()).contains("acl");
        assertThat(e).hasMessageContaining("SUBSCRIBE of [a]");
        assertThat(session.subscriptionCount()).isZero();
    }

    @Test
    void under311ASubackRefusingEveryFilterStillCompletes() {
        session.onConnected(false, out::add);
        RecordingCompletion c = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("a", 1)), c, out::add);

        session.onAck(new Suback(1, List.of(0x80)), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(c.result()).isEqualTo(List.of(0x80));
    }

    @Test
    void unsubackCodesCompleteOrFailTheUnsubscribe() {
        session.onConnected(false, V5, out::add);
        RecordingCompletion ok = new RecordingCompletion();
        RecordingCompletion refused = new RecordingCompletion();
        session.unsubscribe(List.of("a", "b"), ok, out::add);
        session.unsubscribe(List.of("c"), refused, out::add);

        session.onAck(new Unsuback(1, List.of(0x00, 0x11), Properties.EMPTY), out::add);
        session.onAck(new Unsuback(2, List.of(0x87), Properties.EMPTY), out::add);

        assertThat(ok.completed()).isTrue();
        assertThat(ok.result()).isEqualTo(List.of(0x00, 0x11));
        assertThat(refused.failed()).isTrue();
        assertThat(((MqttServerException) refused.error()).code()).isEqualTo(0x87);
        assertThat(refused.result()).isEqualTo(List.of(0x87));
    }

    // ---- subscription identifiers and options

    @Test
    void theSubscriptionIdentifierIsAPropertyOfTheSubscribe() {
        session.onConnected(false, V5, out::add);
        session.subscribe(List.of(new Subscription("a", 1, true, true, 2)), 7, new RecordingCompletion(), out::add);

        Subscribe s = (Subscribe) out.get(0);
        assertThat(s.properties().subscriptionIdentifiers()).containsExactly(7);
        assertThat(s.subscriptions()).containsExactly(new Subscription("a", 1, true, true, 2));
    }

    @Test
    void resubscribingKeepsOptionsAndSplitsByIdentifier() {
        session.onConnected(false, V5, out::add);
        session.subscribe(List.of(new Subscription("a", 1, true, false, 1)), 7, new RecordingCompletion(), out::add);
        session.subscribe(List.of(new Subscription("b", 0), new Subscription("c", 2)), 0, new RecordingCompletion(),
                out::add);
        session.subscribe(List.of(new Subscription("d", 1)), 8, new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(1)), out::add);
        session.onAck(new Suback(2, List.of(0, 2)), out::add);
        session.onAck(new Suback(3, List.of(1)), out::add);
        out.clear();

        session.onConnectionLost();
        session.onConnected(false, V5, out::add);

        assertThat(out).hasSize(3);
        Subscribe first = (Subscribe) out.get(0);
        assertThat(first.subscriptions()).containsExactly(new Subscription("a", 1, true, false, 1));
        assertThat(first.properties().subscriptionIdentifiers()).containsExactly(7);
        Subscribe second = (Subscribe) out.get(1);
        assertThat(second.subscriptions()).containsExactly(new Subscription("b", 0), new Subscription("c", 2));
        assertThat(second.properties().isEmpty()).isTrue();
        assertThat(((Subscribe) out.get(2)).properties().subscriptionIdentifiers()).containsExactly(8);
    }

    @Test
    void persistedSubscriptionsKeepOptionsAndIdentifierAcrossARestart() {
        session = new Session(store, new Session.Settings(20, Integer.MAX_VALUE, 0, true, true));
        session.onConnected(false, V5, out::add);
        session.subscribe(List.of(new Subscription("a", 2, false, true, 2)), 9, new RecordingCompletion(), out::add);
        session.subscribe(List.of(new Subscription("b", 1)), new RecordingCompletion(), out::add);
        out.clear();

        Session restarted = new Session(store, new Session.Settings(20, Integer.MAX_VALUE, 0, true, true));
        restarted.restore();
        restarted.onConnected(false, V5, out::add);

        assertThat(out).hasSize(2);
        Subscribe first = (Subscribe) out.get(0);
        assertThat(first.subscriptions()).containsExactly(new Subscription("a", 2, false, true, 2));
        assertThat(first.properties().subscriptionIdentifiers()).containsExactly(9);
        assertThat(((Subscribe) out.get(1)).subscriptions()).containsExactly(new Subscription("b", 1));
    }

    @Test
    void aStoredMessageKeepsItsPropertiesAcrossARestart() {
        Properties props = Properties.builder().string(Property.RESPONSE_TOPIC, "re/1").userProperty("k", "v").build();
        session.publish(new Publish("a", new byte[] {1}, 1, false, false, 0, props), new RecordingCompletion(), out::add);

        Session restarted = new Session(store, 20);
        assertThat(restarted.restore()).isEqualTo(1);
        restarted.onConnected(false, V5, out::add);

        assertThat(out).singleElement().satisfies(p -> assertThat(p.properties()).isEqualTo(props));
    }

    // ---- inbound: the Receive Maximum the client announced

    @Test
    void messagesBeyondTheAnnouncedReceiveMaximumAreCountedNotRefused() {
        session.onConnected(false, new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 2), out::add);
        for (int id = 1; id <= 4; id++) {
            assertThat(session.onPublish(new Publish("in", new byte[] {1}, 1, false, false, id), out::add)).isTrue();
        }

        assertThat(session.overReceiveMaximum()).isEqualTo(2);
        session.acknowledge(1, 1, out::add);
        assertThat(sent()).containsExactly("PUBACK 1");
    }

    // ---- inbound topic aliases

    private static Publish aliased(String topic, int alias) {
        return new Publish(topic, new byte[] {1}, 0, false, false, 0,
                Properties.builder().number(Property.TOPIC_ALIAS, alias).build());
    }

    @Test
    void anAliasFromTheBrokerIsAProtocolErrorWhenTheClientAcceptsNone() {
        session.onConnected(false, V5, out::add);

        assertThatThrownBy(() -> session.resolveTopic(aliased("a/b", 1)))
                .isInstanceOf(MqttProtocolException.class).hasMessageContaining("topic alias 1");
    }

    @Test
    void anAliasMapsItsTopicForLaterPublishesOfTheConnection() {
        session.onConnected(false, new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 65_535, 10), out::add);

        assertThat(session.resolveTopic(aliased("a/b", 3)).topic()).isEqualTo("a/b");
        Publish resolved = session.resolveTopic(aliased("", 3));
        assertThat(resolved.topic()).isEqualTo("a/b");
        assertThat(resolved.payload()).containsExactly(1);
        assertThat(session.resolveTopic(new Publish("plain", new byte[0], 0, false, false, 0)).topic()).isEqualTo("plain");
        assertThatThrownBy(() -> session.resolveTopic(aliased("", 4)))
                .isInstanceOf(MqttProtocolException.class).hasMessageContaining("no earlier PUBLISH");
        assertThatThrownBy(() -> session.resolveTopic(aliased("x", 11)))
                .isInstanceOf(MqttProtocolException.class).hasMessageContaining("1 to 10");

        session.onConnectionLost();
        session.onConnected(true, new Limits(ProtocolVersion.MQTT_5, 65_535, 0, 65_535, 10), out::add);
        assertThatThrownBy(() -> session.resolveTopic(aliased("", 3))).isInstanceOf(MqttProtocolException.class);
    }
}
