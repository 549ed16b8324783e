package dev.kite.mqtt.internal.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Subscribe.Subscription;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import dev.kite.mqtt.store.MemoryStore;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Drives a {@link Session} packet by packet, as the broker would, and records what it sends. */
class SessionTest {
    private final MemoryStore store = new MemoryStore();
    private final List<Packet> out = new ArrayList<>();
    private Session session = new Session(store, 20);

    // ---- helpers

    private static Publish message(String topic, int qos) {
        return new Publish(topic, topic.getBytes(UTF_8), qos, false, false, 0);
    }

    private RecordingCompletion publish(String topic, int qos) {
        RecordingCompletion c = new RecordingCompletion();
        session.publish(message(topic, qos), c, out::add);
        return c;
    }

    /** What was sent since the last call, in a form that reads well in assertions. */
    private List<String> sent() {
        List<String> s = out.stream().map(SessionTest::describe).collect(Collectors.toList());
        out.clear();
        return s;
    }

    static String describe(Packet p) {
        if (p instanceof Publish pub) {
            return "PUBLISH " + pub.topic() + " q" + pub.qos() + " id=" + pub.packetId() + (pub.dup() ? " dup" : "");
        }
        return Packet.Type.name(p.type()) + " " + p.packetId();
    }

    private List<StoreKey> outboundKeys() {
        return store.keys().stream().filter(k -> k.kind() == StoreKey.Kind.OUTBOUND).collect(Collectors.toList());
    }

    /** The outbound record at this position in the store, read back as Kite's record format. */
    private Records.Outbound stored(int index) {
        return Records.readOutbound(store.get(outboundKeys().get(index)));
    }

    private List<StoreKey> inboundKeys() {
        return store.keys().stream().filter(k -> k.kind() == StoreKey.Kind.INBOUND).collect(Collectors.toList());
    }

    private static Publish inbound(int id, int qos) {
        return new Publish("in", new byte[] {1}, qos, false, false, id);
    }

    // ---- outbound QoS 1

    @Test
    void qos1PublishIsSentWithAnIdAndStoredUntilPuback() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 1);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1");
        assertThat(c.packetId()).isEqualTo(1);
        assertThat(c.open()).isTrue();
        assertThat(outboundKeys()).hasSize(1);
        assertThat(session.inflightCount()).isEqualTo(1);
        assertThat(session.isIdle()).isFalse();

        session.onAck(new Puback(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(c.result()).isNull();
        assertThat(sent()).isEmpty();
        assertThat(store.keys()).isEmpty();
        assertThat(session.inflightCount()).isZero();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void storedQos1EntryIsARecordOfThePublishWithItsId() {
        session.onConnected(false, out::add);
        publish("a", 1);

        Records.Outbound r = stored(0);
        assertThat(r.released()).isFalse();
        assertThat(describe(r.publish())).isEqualTo("PUBLISH a q1 id=1");
        assertThat(r.publish().payload()).isEqualTo("a".getBytes(UTF_8));
    }

    @Test
    void pubackFreesTheIdSoTheWindowAndIdsDoNotLeak() {
        session = new Session(store, 1);
        session.onConnected(false, out::add);
        for (int i = 0; i < 70_000; i++) {
            RecordingCompletion c = publish("t", 1);
            Packet p = out.remove(out.size() - 1);
            session.onAck(new Puback(p.packetId()), out::add);
            assertThat(c.completed()).isTrue();
        }
        assertThat(session.isIdle()).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void pubackCompletesOnlyItsOwnFlow() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);
        RecordingCompletion b = publish("b", 1);
        sent();

        session.onAck(new Puback(2), out::add);

        assertThat(a.open()).isTrue();
        assertThat(b.completed()).isTrue();
        assertThat(session.inflightCount()).isEqualTo(1);
    }

    // ---- outbound QoS 2

    @Test
    void qos2FlowPubrecReleasesAndPubcompCompletes() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 2);
        assertThat(sent()).containsExactly("PUBLISH a q2 id=1");

        session.onAck(new Pubrec(1), out::add);

        assertThat(sent()).containsExactly("PUBREL 1");
        assertThat(c.open()).isTrue();
        assertThat(outboundKeys()).hasSize(1);
        assertThat(stored(0).released()).isTrue();
        assertThat(stored(0).publish().packetId()).isEqualTo(1);

        session.onAck(new Pubcomp(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(sent()).isEmpty();
        assertThat(store.keys()).isEmpty();
        assertThat(session.isIdle()).isTrue();
    }

    // ---- acknowledgements of the wrong type for an open flow (docs/RELIABILITY.md)

    @Test
    void pubackForAQos2FlowCompletesItAsDeliveredAtQos1() {
        // RabbitMQ's MQTT plugin takes a QoS 2 PUBLISH at QoS 1 and answers PUBACK
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 2);
        sent();

        session.onAck(new Puback(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(sent()).isEmpty();
        assertThat(store.keys()).isEmpty();
        assertThat(session.inflightCount()).isZero();
        assertThat(session.isIdle()).isTrue();
        assertThat(session.ignoredAcks()).isZero();
    }

    @Test
    void twentyFiveQos2PublishesAnsweredWithPubackFreeTheirIdsAndAreNotResent() {
        session.onConnected(false, out::add);
        List<RecordingCompletion> tokens = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tokens.add(publish("q2-" + i, 2));
            while (!out.isEmpty()) {
                session.onAck(new Puback(out.remove(0).packetId()), out::add);
            }
        }
        assertThat(tokens).allMatch(RecordingCompletion::completed);
        assertThat(session.inflightCount()).isZero();

        RecordingCompletion q1 = publish("q1", 1);
        assertThat(sent()).as("the window of 20 is not full of dead flows").containsExactly("PUBLISH q1 q1 id=26");
        session.onConnectionLost();
        session.onConnected(true, out::add);
        assertThat(sent()).as("only the open QoS 1 message is resent").containsExactly("PUBLISH q1 q1 id=26 dup");
        session.onAck(new Puback(26), out::add);
        assertThat(q1.completed()).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void pubackAfterPubrecCompletesTheReleasedQos2Flow() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 2);
        session.onAck(new Pubrec(1), out::add);
        assertThat(sent()).containsExactly("PUBLISH a q2 id=1", "PUBREL 1");

        session.onAck(new Puback(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(store.keys()).isEmpty();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void pubackForAResentQos2MessageLetsTheHeldPubrelGo() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 2);
        publish("b", 2);
        session.onAck(new Pubrec(2), out::add);
        sent();
        session.onConnectionLost();
        session.onConnected(true, out::add);
        assertThat(sent()).containsExactly("PUBLISH a q2 id=1 dup");

        session.onAck(new Puback(1), out::add);

        assertThat(a.completed()).isTrue();
        assertThat(sent()).as("b's PUBREL no longer waits for a").containsExactly("PUBREL 2");
    }

    @Test
    void pubrecForAQos1FlowIsReleasedAndThePubcompCompletesIt() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 1);
        sent();

        session.onAck(new Pubrec(1), out::add);

        assertThat(sent()).containsExactly("PUBREL 1");
        assertThat(c.open()).isTrue();
        assertThat(stored(0).released()).as("a restart resends the QoS 1 PUBLISH, which QoS 1 allows").isFalse();
        session.onConnectionLost();
        session.onConnected(true, out::add);
        assertThat(sent()).as("after PUBREC only PUBREL is resent [MQTT-4.3.3]").containsExactly("PUBREL 1");

        session.onAck(new Pubcomp(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(store.keys()).isEmpty();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void pubcompBeforePubrecIsAProtocolViolationThatFailsAndEndsTheFlow_MQTT_4_8_0_1() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 2);
        RecordingCompletion other = publish("b", 1);
        sent();

        assertThatThrownBy(() -> session.onAck(new Pubcomp(1), out::add))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessage("PUBCOMP for packet id 1, a QoS 2 PUBLISH not acknowledged with PUBREC [MQTT-4.3.3]");

        assertThat(c.failed()).isTrue();
        assertThat(c.error()).isInstanceOf(MqttProtocolException.class);
        assertThat(other.open()).isTrue();
        assertThat(session.inflightCount()).isEqualTo(1);
        assertThat(outboundKeys()).hasSize(1);
        session.onConnectionLost();
        session.onConnected(true, out::add);
        assertThat(sent()).as("the failed flow is not resent").containsExactly("PUBLISH b q1 id=2 dup");
    }

    @Test
    void pubcompForAQos1FlowIsAProtocolViolationThatFailsAndEndsTheFlow() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 1);
        sent();

        assertThatThrownBy(() -> session.onAck(new Pubcomp(1), out::add))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessage("PUBCOMP for packet id 1, a QoS 1 PUBLISH [MQTT-4.3.2]");

        assertThat(c.failed()).isTrue();
        assertThat(store.keys()).isEmpty();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void duplicatePubrecIsAnsweredWithPubrelAgain() {
        session.onConnected(false, out::add);
        RecordingCompletion c = publish("a", 2);
        session.onAck(new Pubrec(1), out::add);
        session.onAck(new Pubrec(1), out::add);

        assertThat(sent()).containsExactly("PUBLISH a q2 id=1", "PUBREL 1", "PUBREL 1");
        session.onAck(new Pubcomp(1), out::add);
        assertThat(c.completed()).isTrue();
    }

    // ---- window

    @Test
    void thirdPublishWaitsWithoutAnIdUntilAnAckFreesRoom() {
        session = new Session(store, 2);
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);
        RecordingCompletion b = publish("b", 2);
        RecordingCompletion c = publish("c", 1);
        RecordingCompletion d = publish("d", 1);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1", "PUBLISH b q2 id=2");
        assertThat(c.packetId()).isZero();
        assertThat(d.packetId()).isZero();
        assertThat(session.inflightCount()).isEqualTo(2);
        assertThat(session.waitingCount()).isEqualTo(2);
        // the waiting ones are stored too, without an id yet
        assertThat(outboundKeys()).hasSize(4);
        assertThat(stored(2).publish().packetId()).isZero();

        session.onAck(new Puback(1), out::add);

        assertThat(a.completed()).isTrue();
        assertThat(sent()).containsExactly("PUBLISH c q1 id=3");
        assertThat(c.packetId()).isEqualTo(3);
        assertThat(d.packetId()).isZero();

        // a QoS 2 flow holds its place in the window until PUBCOMP, not PUBREC
        session.onAck(new Pubrec(2), out::add);
        assertThat(sent()).containsExactly("PUBREL 2");
        session.onAck(new Pubcomp(2), out::add);

        assertThat(b.completed()).isTrue();
        assertThat(sent()).containsExactly("PUBLISH d q1 id=4");
        assertThat(session.waitingCount()).isZero();
    }

    @Test
    void publishesQueueBehindWaitingOnesEvenWhenTheWindowHasRoom() {
        session = new Session(store, 1);
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 1);
        publish("c", 1);
        assertThat(sent()).containsExactly("PUBLISH a q1 id=1");

        session.onAck(new Puback(1), out::add);
        assertThat(sent()).containsExactly("PUBLISH b q1 id=2");
        session.onAck(new Puback(2), out::add);
        assertThat(sent()).containsExactly("PUBLISH c q1 id=3");
    }

    // ---- offline and reconnect

    @Test
    void publishesMadeOfflineAreSentInOrderOnConnect() {
        RecordingCompletion a = publish("a", 1);
        publish("b", 2);
        publish("c", 1);

        assertThat(sent()).isEmpty();
        assertThat(a.packetId()).isZero();
        assertThat(session.waitingCount()).isEqualTo(3);
        assertThat(outboundKeys()).hasSize(3);

        session.onConnected(false, out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1", "PUBLISH b q2 id=2", "PUBLISH c q1 id=3");
        assertThat(a.packetId()).isEqualTo(1);
    }

    @Test
    void offlinePublishesBeyondTheWindowWaitOnConnect() {
        session = new Session(store, 2);
        publish("a", 1);
        publish("b", 1);
        publish("c", 1);

        session.onConnected(false, out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1", "PUBLISH b q1 id=2");
        assertThat(session.waitingCount()).isEqualTo(1);
    }

    @Test
    void unacknowledgedPublishesAreResentWithDupAndTheSameIdInOrder_MQTT_4_4_0_1() {
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 2);
        publish("c", 1);
        sent();

        session.onConnectionLost();
        session.onConnected(true, out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1 dup", "PUBLISH b q2 id=2 dup", "PUBLISH c q1 id=3 dup");
    }

    @Test
    void releasedQos2FlowResendsPubrelNeverThePublish_MQTT_4_3_3() {
        session.onConnected(false, out::add);
        publish("a", 1);
        RecordingCompletion b = publish("b", 2);
        publish("c", 2);
        session.onAck(new Pubrec(2), out::add);
        sent();

        session.onConnectionLost();
        session.onConnected(true, out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1 dup", "PUBREL 2", "PUBLISH c q2 id=3 dup");
        assertThat(stored(1).released()).isTrue();

        session.onAck(new Pubcomp(2), out::add);
        assertThat(b.completed()).isTrue();
    }

    @Test
    void resentFlowsCompleteNormallyAfterReconnect() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);
        session.onConnectionLost();
        session.onConnected(true, out::add);
        sent();

        session.onAck(new Puback(1), out::add);

        assertThat(a.completed()).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void waitingPublishesFollowResentOnesOnReconnect() {
        session = new Session(store, 2);
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 1);
        session.onConnectionLost();
        publish("c", 1);
        session.onAck(new Puback(1), out::add); // late ack for the old connection is still honoured
        sent();

        session.onConnected(true, out::add);

        assertThat(sent()).containsExactly("PUBLISH b q1 id=2 dup", "PUBLISH c q1 id=3");
    }

    @Test
    void withoutASessionReleasedQos2FlowsCompleteAndUnreleasedPublishesAreResent() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);
        RecordingCompletion b = publish("b", 2);
        RecordingCompletion c = publish("c", 2);
        session.onAck(new Pubrec(2), out::add);
        sent();

        session.onConnectionLost();
        session.onConnected(false, out::add);

        assertThat(b.completed()).isTrue();
        assertThat(a.open()).isTrue();
        assertThat(c.open()).isTrue();
        List<Packet> resent = List.copyOf(out);
        assertThat(sent()).extracting(s -> s.replace(" dup", "")).containsExactly("PUBLISH a q1 id=1", "PUBLISH c q2 id=3");
        assertThat(resent).allSatisfy(p -> assertThat(p).isInstanceOf(Publish.class));
        assertThat(outboundKeys()).hasSize(2);
        assertThat(session.inflightCount()).isEqualTo(2);
    }

    @Test
    void connectionLostKeepsPublishesForResend() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);

        session.onConnectionLost();

        assertThat(a.open()).isTrue();
        assertThat(session.inflightCount()).isEqualTo(1);
        assertThat(outboundKeys()).hasSize(1);
        assertThat(session.isIdle()).isFalse();
    }

    @Test
    void publishAfterConnectionLostWaitsForTheNextConnection() {
        session.onConnected(false, out::add);
        session.onConnectionLost();
        publish("a", 1);

        assertThat(sent()).isEmpty();
        session.onConnected(true, out::add);
        assertThat(sent()).containsExactly("PUBLISH a q1 id=1");
    }

    // ---- inbound QoS 1 and 2

    @Test
    void inboundQos0And1AreAlwaysDelivered() {
        assertThat(session.onPublish(inbound(0, 0), out::add)).isTrue();
        assertThat(session.onPublish(inbound(5, 1), out::add)).isTrue();
        assertThat(session.onPublish(inbound(5, 1), out::add)).isTrue();
        assertThat(sent()).isEmpty();
    }

    @Test
    void inboundQos1IsAcknowledgedWithPuback() {
        session.onPublish(inbound(5, 1), out::add);
        session.acknowledge(1, 5, out::add);
        assertThat(sent()).containsExactly("PUBACK 5");
    }

    @Test
    void inboundQos0IsNeverAcknowledged() {
        session.acknowledge(0, 0, out::add);
        assertThat(sent()).isEmpty();
    }

    @Test
    void inboundQos2IsDeliveredOnceUntilReleased_MQTT_4_3_3_2() {
        assertThat(session.onPublish(inbound(7, 2), out::add)).isTrue();
        assertThat(inboundKeys()).containsExactly(StoreKey.inbound(7));

        // resend before the application acknowledged it: not delivered, nothing to answer yet
        assertThat(session.onPublish(inbound(7, 2), out::add)).isFalse();
        assertThat(sent()).isEmpty();

        session.acknowledge(2, 7, out::add);
        assertThat(sent()).containsExactly("PUBREC 7");

        // resend after PUBREC (the broker missed it): not delivered, PUBREC again
        assertThat(session.onPublish(inbound(7, 2), out::add)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 7");

        session.onPubrel(7, out::add);
        assertThat(sent()).containsExactly("PUBCOMP 7");
        assertThat(inboundKeys()).isEmpty();

        // after PUBREL the id is free: a new message with it is delivered
        assertThat(session.onPublish(inbound(7, 2), out::add)).isTrue();
    }

    @Test
    void inboundQos2ReceiptsAreKeptPerId() {
        assertThat(session.onPublish(inbound(1, 2), out::add)).isTrue();
        assertThat(session.onPublish(inbound(2, 2), out::add)).isTrue();
        session.onPubrel(1, out::add);

        assertThat(session.onPublish(inbound(2, 2), out::add)).isFalse();
        assertThat(session.onPublish(inbound(1, 2), out::add)).isTrue();
    }

    @Test
    void pubrelForAnUnknownIdIsAnsweredWithPubcomp_MQTT_4_3_3() {
        assertThatCode(() -> session.onPubrel(99, out::add)).doesNotThrowAnyException();
        assertThat(sent()).containsExactly("PUBCOMP 99");
    }

    @Test
    void inboundReceiptsSurviveAResumedSession() {
        session.onConnected(false, out::add);
        session.onPublish(inbound(3, 2), out::add);
        session.acknowledge(2, 3, out::add);
        sent();
        session.onConnectionLost();
        session.onConnected(true, out::add);

        assertThat(session.onPublish(inbound(3, 2), out::add)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 3");
    }

    @Test
    void inboundReceiptsAreForgottenWithoutASession() {
        session.onConnected(false, out::add);
        session.onPublish(inbound(3, 2), out::add);
        session.onConnectionLost();
        session.onConnected(false, out::add);

        assertThat(inboundKeys()).isEmpty();
        assertThat(session.onPublish(inbound(3, 2), out::add)).isTrue();
    }

    // ---- unknown acknowledgements

    @Test
    void acksForUnknownIdsAreIgnored() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);
        sent();

        assertThatCode(() -> {
            session.onAck(new Puback(42), out::add);
            session.onAck(new Pubcomp(42), out::add);
            session.onAck(new Suback(42, List.of(0)), out::add);
            session.onAck(new Unsuback(42), out::add);
        }).doesNotThrowAnyException();

        assertThat(sent()).isEmpty();
        assertThat(a.open()).isTrue();
        assertThat(session.inflightCount()).isEqualTo(1);
    }

    @Test
    void duplicatePubackIsIgnored() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);
        session.onAck(new Puback(1), out::add);
        session.onAck(new Puback(1), out::add);

        assertThat(a.events()).containsExactly("complete");
    }

    @Test
    void pubrecForAnUnknownIdIsReleasedSoTheBrokerCanFinish() {
        assertThatCode(() -> session.onAck(new Pubrec(42), out::add)).doesNotThrowAnyException();
        assertThat(sent()).containsExactly("PUBREL 42");
    }

    @Test
    void aPacketThatIsNotAnAckIsRefused() {
        assertThatThrownBy(() -> session.onAck(new Pubrel(1), out::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an acknowledgement");
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE

    @Test
    void subackCompletesWithTheReturnCodes() {
        session.onConnected(false, out::add);
        RecordingCompletion c = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("a/#", 1), new Subscription("b", 2)), c, out::add);

        assertThat(out).singleElement().isInstanceOf(Subscribe.class);
        int id = out.get(0).packetId();
        assertThat(id).isEqualTo(1);
        assertThat(session.isIdle()).isFalse();

        session.onAck(new Suback(id, List.of(1, Suback.FAILURE)), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(c.result()).isEqualTo(List.of(1, 0x80));
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void unsubackCompletesTheUnsubscribe() {
        session.onConnected(false, out::add);
        RecordingCompletion c = new RecordingCompletion();
        session.unsubscribe(List.of("a/#"), c, out::add);
        assertThat(sent()).containsExactly("UNSUBSCRIBE 1");

        session.onAck(new Unsuback(1), out::add);

        assertThat(c.completed()).isTrue();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void controlFlowsAndPublishesNeverShareAnId() {
        session.onConnected(false, out::add);
        publish("a", 1);
        session.subscribe(List.of(new Subscription("x", 0)), new RecordingCompletion(), out::add);
        publish("b", 1);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1", "SUBSCRIBE 2", "PUBLISH b q1 id=3");
    }

    @Test
    void subackForAPublishIdDoesNotCompleteThePublish() {
        session.onConnected(false, out::add);
        RecordingCompletion a = publish("a", 1);

        session.onAck(new Suback(1, List.of(0)), out::add);

        assertThat(a.open()).isTrue();
    }

    @Test
    void pendingControlFlowsSurviveConnectionLossAndAreSentAgainWithNewIds() {
        session.onConnected(false, out::add);
        RecordingCompletion sub = new RecordingCompletion();
        RecordingCompletion unsub = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("x", 0)), sub, out::add);
        session.unsubscribe(List.of("y"), unsub, out::add);
        assertThat(sent()).containsExactly("SUBSCRIBE 1", "UNSUBSCRIBE 2");

        session.onConnectionLost();

        assertThat(sub.open()).isTrue();
        assertThat(unsub.open()).isTrue();
        assertThat(session.isIdle()).isFalse();
        // a late SUBACK for the lost connection's id changes nothing
        session.onAck(new Suback(1, List.of(0)), out::add);
        assertThat(sub.open()).isTrue();

        session.onConnected(true, out::add);

        assertThat(sent()).containsExactly("SUBSCRIBE 3", "UNSUBSCRIBE 4");
        session.onAck(new Suback(3, List.of(0)), out::add);
        session.onAck(new Unsuback(4), out::add);
        assertThat(sub.completed()).isTrue();
        assertThat(sub.result()).isEqualTo(List.of(0));
        assertThat(unsub.completed()).isTrue();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void controlFailsWhenEveryIdIsInUse() {
        session.onConnected(false, out::add);
        for (int i = 0; i < 65_535; i++) {
            session.unsubscribe(List.of("x"), new RecordingCompletion(), p -> { });
        }
        RecordingCompletion last = new RecordingCompletion();

        assertThatThrownBy(() -> session.unsubscribe(List.of("x"), last, out::add))
                .isInstanceOf(MqttClientException.class)
                .hasMessageContaining("no packet id free");
        assertThat(out).isEmpty();
    }

    @Test
    void publishWaitsWhileEveryIdIsInUseAndGoesOutWhenOneIsFreed() {
        session.onConnected(false, out::add);
        for (int i = 0; i < 65_535; i++) {
            session.unsubscribe(List.of("x"), new RecordingCompletion(), p -> { });
        }
        RecordingCompletion a = publish("a", 1);
        assertThat(out).isEmpty();
        assertThat(session.waitingCount()).isEqualTo(1);

        session.onAck(new Unsuback(500), out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=500");
        assertThat(a.packetId()).isEqualTo(500);
    }

    // ---- packet ids through the session

    @Test
    void idsSkipThoseStillInUseAfterWrapping() {
        session = new Session(store, 65_535);
        session.onConnected(false, out::add);
        RecordingCompletion first = publish("first", 1);
        for (int i = 2; i <= 65_535; i++) {
            session.unsubscribe(List.of("x"), new RecordingCompletion(), p -> { });
            session.onAck(new Unsuback(i), p -> { });
        }
        sent();
        assertThat(first.packetId()).isEqualTo(1);

        // the last id issued was 65535; id 1 is still in flight, so the next is 2
        publish("next", 1);

        assertThat(sent()).containsExactly("PUBLISH next q1 id=2");
    }

    // ---- failAll and isIdle

    @Test
    void failAllFailsEveryOpenFlowOnce() {
        session = new Session(store, 1);
        session.onConnected(false, out::add);
        RecordingCompletion inflight = publish("a", 2);
        RecordingCompletion waiting = publish("b", 1);
        RecordingCompletion sub = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("x", 0)), sub, out::add);
        IllegalStateException closed = new IllegalStateException("closed");

        session.failAll(closed);

        assertThat(inflight.events()).containsExactly("fail");
        assertThat(waiting.events()).containsExactly("fail");
        assertThat(sub.events()).containsExactly("fail");
        assertThat(inflight.error()).isSameAs(closed);
        assertThat(session.isIdle()).isTrue();
        assertThat(session.inflightCount()).isZero();
        assertThat(session.waitingCount()).isZero();

        // acks arriving after the close change nothing
        session.onAck(new Pubrec(1), out::add);
        session.onAck(new Pubcomp(1), out::add);
        assertThat(inflight.events()).containsExactly("fail");
    }

    @Test
    void isIdleOnlyWhenNothingOutboundIsOpen() {
        assertThat(session.isIdle()).isTrue();

        publish("offline", 1);
        assertThat(session.isIdle()).as("a publish waiting for a connection").isFalse();

        session.onConnected(false, out::add);
        session.onAck(new Puback(1), out::add);
        assertThat(session.isIdle()).isTrue();

        // inbound receipts are the broker's flows, not ours
        session.onPublish(inbound(9, 2), out::add);
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void isIdleIsFalseBetweenPubrecAndPubcomp() {
        session.onConnected(false, out::add);
        publish("a", 2);
        session.onAck(new Pubrec(1), out::add);

        assertThat(session.isIdle()).isFalse();
        session.onAck(new Pubcomp(1), out::add);
        assertThat(session.isIdle()).isTrue();
    }

    // ---- store writes and the queue bound

    private static Session.Settings settings(int maxInflight, int maxQueued, int maxResumeInFlight,
                                             boolean resubscribe, boolean persistSubscriptions) {
        return new Session.Settings(maxInflight, maxQueued, maxResumeInFlight, resubscribe, persistSubscriptions);
    }

    /** Filters of each SUBSCRIBE sent since the last call, in order; other packets are dropped. */
    private List<List<String>> subscribesSent() {
        List<List<String>> s = out.stream().filter(p -> p instanceof Subscribe)
                .map(p -> ((Subscribe) p).subscriptions().stream().map(Subscription::filter).toList())
                .collect(Collectors.toList());
        out.clear();
        return s;
    }

    @Test
    void qos1And2AreStoredBeforeThePublishGoesOut() {
        session.onConnected(false, out::add);
        List<Integer> storedWhenSent = new ArrayList<>();
        for (int qos = 1; qos <= 2; qos++) {
            session.publish(message("q" + qos, qos), new RecordingCompletion(),
                    p -> storedWhenSent.add(outboundKeys().size()));
        }

        assertThat(storedWhenSent).containsExactly(1, 2);
    }

    @Test
    void aMessageWaitingBehindTheWindowIsStoredWithoutAnIdThenRewrittenWithItsIdWhenAdmitted() {
        session = new Session(store, 1);
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 2);

        assertThat(outboundKeys()).hasSize(2);
        assertThat(stored(1).publish().packetId()).isZero();
        assertThat(stored(1).publish().topic()).isEqualTo("b");

        session.onAck(new Puback(1), out::add);

        assertThat(outboundKeys()).hasSize(1);
        assertThat(describe(stored(0).publish())).isEqualTo("PUBLISH b q2 id=2");
    }

    @Test
    void qos0IsNeverStoredAndCompletesWhenHandedToTheOutbox() {
        RecordingCompletion offline = publish("zero", 0);
        assertThat(offline.open()).as("queued for a connection").isTrue();
        assertThat(store.keys()).isEmpty();

        session.onConnected(false, out::add);

        assertThat(sent()).containsExactly("PUBLISH zero q0 id=0");
        assertThat(offline.completed()).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void qos0QueuesBehindWaitingQos1SoOrderIsKept() {
        session = new Session(store, 1);
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 1);
        RecordingCompletion zero = publish("zero", 0);
        assertThat(sent()).containsExactly("PUBLISH a q1 id=1");
        assertThat(zero.open()).isTrue();

        // QoS 0 takes no room in the window: it follows b at once
        session.onAck(new Puback(1), out::add);
        assertThat(sent()).containsExactly("PUBLISH b q1 id=2", "PUBLISH zero q0 id=0");
        assertThat(zero.completed()).isTrue();
    }

    @Test
    void publishBeyondTheQueueBoundIsRefusedAndNothingOfItIsKept() {
        session = new Session(store, settings(1, 2, 0, true, false));
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 1);
        publish("c", 2);
        RecordingCompletion refused = new RecordingCompletion();

        assertThatThrownBy(() -> session.publish(message("d", 1), refused, out::add))
                .isInstanceOf(MqttClientException.class)
                .hasMessageContaining("publish queue full");

        assertThat(refused.open()).isTrue();
        assertThat(refused.packetId()).isZero();
        assertThat(outboundKeys()).hasSize(3);
        assertThat(session.waitingCount()).isEqualTo(2);

        // the refused message never goes out, and the queue takes messages again once it moves
        session.onAck(new Puback(1), out::add);
        publish("e", 1);
        session.onAck(new Puback(2), out::add);
        session.onAck(new Pubrec(3), out::add);
        session.onAck(new Pubcomp(3), out::add);
        assertThat(sent()).containsExactly("PUBLISH a q1 id=1", "PUBLISH b q1 id=2", 
                "PUBLISH c q2 id=3", "PUBREL 3", "PUBLISH e q1 id=4");
        assertThat(refused.open()).isTrue();
    }

    @Test
    void theQueueBoundAppliesOfflineAndToQos0Too() {
        session = new Session(store, settings(10, 1, 0, true, false));
        publish("a", 0);

        assertThatThrownBy(() -> publish("b", 0)).isInstanceOf(MqttClientException.class);
        assertThatThrownBy(() -> publish("c", 1)).isInstanceOf(MqttClientException.class);
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void hundredThousandQueuedMessagesGoOutWithoutExhaustingPacketIds_paho_golang_364() {
        session = new Session(store, 20);
        List<RecordingCompletion> tokens = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            tokens.add(publish("t", 1));
        }
        assertThat(session.waitingCount()).isEqualTo(100_000);
        assertThat(tokens.get(99_999).packetId()).as("no id is taken while waiting").isZero();

        session.onConnected(false, out::add);
        int acked = 0;
        while (!out.isEmpty()) {
            Packet p = out.remove(0);
            assertThat(session.inflightCount()).isLessThanOrEqualTo(20);
            session.onAck(new Puback(p.packetId()), out::add);
            acked++;
        }

        assertThat(acked).isEqualTo(100_000);
        assertThat(tokens).allSatisfy(t -> assertThat(t.completed()).isTrue());
        assertThat(session.isIdle()).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    // ---- restore: a store written by one session, taken up by the next

    @Test
    void restoredFlowsAreResentInOrderWithTheirIdsAndDupAndQueuedOnesFollow_MQTT_4_4_0_1() {
        session = new Session(store, 3);
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 2);
        publish("c", 2);
        publish("d", 1);
        publish("e", 2);
        session.onAck(new Pubrec(2), out::add);
        sent();
        // the process ends here; a new one opens the same store

        Session next = new Session(store, 20);
        assertThat(next.restore()).isEqualTo(5);
        assertThat(next.inflightCount()).isEqualTo(3);
        assertThat(next.waitingCount()).isEqualTo(2);
        next.onConnected(true, out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1 dup", "PUBREL 2", "PUBLISH c q2 id=3 dup",
                "PUBLISH d q1 id=4", "PUBLISH e q2 id=5");
    }

    @Test
    void restoredFlowsCompleteNormallyAndLeaveTheStoreEmpty() {
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 2);
        Session next = new Session(store, 20);
        next.restore();
        next.onConnected(true, out::add);
        sent();

        next.onAck(new Puback(1), out::add);
        next.onAck(new Pubrec(2), out::add);
        assertThat(sent()).containsExactly("PUBREL 2");
        next.onAck(new Pubcomp(2), out::add);

        assertThat(next.isIdle()).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void restoredPayloadAndRetainAreThoseOfTheOriginalMessage() {
        session.publish(new Publish("r", new byte[] {1, 2, 3}, 1, true, false, 0), new RecordingCompletion(), out::add);
        Session next = new Session(store, 20);
        next.restore();
        next.onConnected(true, out::add);

        Publish resent = (Publish) out.get(0);
        assertThat(resent.payload()).containsExactly(1, 2, 3);
        assertThat(resent.retain()).isTrue();
    }

    @Test
    void restoredReleasedFlowIsCompletedAndDeletedWhenTheBrokerHasNoSession() {
        session.onConnected(false, out::add);
        publish("a", 2);
        session.onAck(new Pubrec(1), out::add);
        sent();
        Session next = new Session(store, 20);
        next.restore();

        next.onConnected(false, out::add);

        assertThat(sent()).isEmpty();
        assertThat(store.keys()).isEmpty();
        assertThat(next.isIdle()).isTrue();
    }

    @Test
    void newPublishesAfterRestoreTakeIdsThatDoNotClashWithRestoredOnes() {
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 1);
        session.onAck(new Puback(1), out::add);
        sent();
        Session next = new Session(store, 20);
        next.restore();
        next.onConnected(true, out::add);
        RecordingCompletion c = new RecordingCompletion();
        next.publish(message("c", 1), c, out::add);

        assertThat(sent()).containsExactly("PUBLISH b q1 id=2 dup", "PUBLISH c q1 id=1");
        // and c is stored after b, so a further restart keeps the order
        assertThat(outboundKeys()).extracting(k -> Records.readOutbound(store.get(k)).publish().topic())
                .containsExactly("b", "c");
    }

    @Test
    void restoredInboundReceiptStopsARedeliveryAndIsAnsweredWithPubrec_MQTT_4_3_3_2() {
        session.onConnected(false, out::add);
        assertThat(session.onPublish(inbound(7, 2), out::add)).isTrue();
        Session next = new Session(store, 20);
        next.restore();
        next.onConnected(true, out::add);
        sent();

        assertThat(next.onPublish(inbound(7, 2), out::add)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 7");
        next.onPubrel(7, out::add);
        assertThat(sent()).containsExactly("PUBCOMP 7");
        assertThat(inboundKeys()).isEmpty();
    }

    @Test
    void persistedSubscriptionsAreRestoredAndSentWhenTheBrokerHasNoSession() {
        session = new Session(store, settings(20, 1000, 0, true, true));
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("a", 1), new Subscription("b", 2)), new RecordingCompletion(), out::add);
        session.subscribe(List.of(new Subscription("c", 0)), new RecordingCompletion(), out::add);
        session.unsubscribe(List.of("b"), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(1, 2)), out::add);
        session.onAck(new Suback(2, List.of(0)), out::add);
        session.onAck(new Unsuback(3), out::add);
        sent();

        Session next = new Session(store, settings(20, 1000, 0, true, true));
        next.restore();
        assertThat(next.subscriptionCount()).isEqualTo(2);
        next.onConnected(false, out::add);

        Subscribe s = (Subscribe) out.get(0);
        assertThat(out).hasSize(1);
        assertThat(s.subscriptions()).containsExactly(new Subscription("a", 1), new Subscription("c", 0));
    }

    @Test
    void subscriptionsAreNotStoredUnlessAskedTo() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("a", 1)), new RecordingCompletion(), out::add);

        assertThat(store.keys()).isEmpty();
        assertThat(session.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void unreadableRecordsAreDroppedAndTheRestIsRestored() {
        session.publish(message("good", 1), new RecordingCompletion(), out::add);
        store.put(StoreKey.outbound(50), new byte[] {9, 9, 9});
        store.put(StoreKey.outbound(51), new byte[] {1, 1, 0, 1, 1, 0, 5, 'a'});
        store.put(StoreKey.subscription(1), new byte[] {1, 7, 'x'});
        store.put(StoreKey.subscription(2), new byte[] {});

        Session next = new Session(store, settings(20, 1000, 0, true, true));

        assertThat(next.restore()).isEqualTo(1);
        assertThat(store.keys()).containsExactly(StoreKey.outbound(1));
        assertThat(next.subscriptionCount()).isZero();
        next.onConnected(true, out::add);
        assertThat(sent()).containsExactly("PUBLISH good q1 id=1");
    }

    // ---- resubscribe

    @Test
    void withoutASessionEverySubscriptionIsSentAgainInBatchesOf100BeforePublishesAreResent() {
        session.onConnected(false, out::add);
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            subs.add(new Subscription("f/" + i, i % 3));
        }
        session.subscribe(subs, new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, subs.stream().map(Subscription::qos).toList()), out::add);
        publish("a", 1);
        out.clear();
        session.onConnectionLost();

        session.onConnected(false, out::add);

        assertThat(sent()).containsExactly("SUBSCRIBE 3", "SUBSCRIBE 4", "SUBSCRIBE 5", "PUBLISH a q1 id=2 dup");
        session.onConnectionLost();
        session.onConnected(false, out::add);
        List<Subscribe> batches = out.stream().filter(p -> p instanceof Subscribe).map(p -> (Subscribe) p).toList();
        assertThat(batches).extracting(b -> b.subscriptions().size()).containsExactly(100, 100, 50);
        assertThat(batches.stream().flatMap(b -> b.subscriptions().stream()).toList()).isEqualTo(subs);
    }

    @Test
    void resubscribeSkipsFiltersAlreadyInAPendingSubscribe() {
        session.onConnected(false, out::add);
        RecordingCompletion first = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("x", 0), new Subscription("y", 0)), first, out::add);
        session.onAck(new Suback(1, List.of(0, 0)), out::add);
        session.onConnectionLost();
        RecordingCompletion again = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("x", 2)), again, out::add);
        sent();

        session.onConnected(false, out::add);

        List<Subscribe> subs = out.stream().map(p -> (Subscribe) p).toList();
        assertThat(subs).extracting(Subscribe::subscriptions).containsExactly(
                List.of(new Subscription("y", 0)), List.of(new Subscription("x", 2)));
    }

    @Test
    void nothingIsResubscribedWhenTheSessionIsPresentOrResubscribeIsOff() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("x", 0)), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(0)), out::add);
        sent();
        session.onConnectionLost();
        session.onConnected(true, out::add);
        assertThat(sent()).isEmpty();

        session = new Session(store, settings(20, 1000, 0, false, false));
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("x", 0)), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(0)), out::add);
        sent();
        session.onConnectionLost();
        session.onConnected(false, out::add);
        assertThat(sent()).isEmpty();
    }

    @Test
    void refusedFilterIsNotResubscribed_Suback0x80() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("ok", 1), new Subscription("denied", 1)), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(1, Suback.FAILURE)), out::add);
        assertThat(session.subscriptionCount()).isEqualTo(1);
        sent();
        session.onConnectionLost();

        session.onConnected(false, out::add);

        assertThat(subscribesSent()).containsExactly(List.of("ok"));
    }

    @Test
    void unsubscribedFilterIsNotResubscribed() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("a", 1), new Subscription("b", 1)), new RecordingCompletion(), out::add);
        session.unsubscribe(List.of("a"), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(1, 1)), out::add);
        session.onAck(new Unsuback(2), out::add);
        sent();
        session.onConnectionLost();

        session.onConnected(false, out::add);

        assertThat(subscribesSent()).containsExactly(List.of("b"));
    }

    @Test
    void subscribeMadeOfflineGoesOutOnConnect() {
        RecordingCompletion c = new RecordingCompletion();
        session.subscribe(List.of(new Subscription("x", 1)), c, out::add);
        assertThat(sent()).isEmpty();

        session.onConnected(true, out::add);

        assertThat(sent()).containsExactly("SUBSCRIBE 1");
        session.onAck(new Suback(1, List.of(1)), out::add);
        assertThat(c.completed()).isTrue();
    }

    // ---- inbound through the session

    @Test
    void acknowledgementsFollowArrivalOrderThroughTheSession_MQTT_4_6_0_2_MQTT_4_6_0_3() {
        session.onConnected(false, out::add);
        session.onPublish(inbound(1, 2), out::add);
        session.onPublish(inbound(2, 1), out::add);
        session.onPublish(inbound(3, 2), out::add);

        session.acknowledge(2, 3, out::add);
        session.acknowledge(1, 2, out::add);
        assertThat(sent()).isEmpty();
        session.acknowledge(2, 1, out::add);

        assertThat(sent()).containsExactly("PUBREC 1", "PUBACK 2", "PUBREC 3");
    }

    @Test
    void staleAcknowledgementDropsQos1AndReleasesQos2OnTheNewConnection() {
        session.onConnected(false, out::add);
        session.onPublish(inbound(1, 1), out::add);
        session.onPublish(inbound(2, 2), out::add);
        session.onConnectionLost();
        session.onConnected(true, out::add);

        session.acknowledgeStale(1, 1, out::add);
        session.acknowledgeStale(2, 2, out::add);

        assertThat(sent()).containsExactly("PUBREC 2");
        assertThat(session.onPublish(inbound(2, 2), out::add)).isFalse();
    }

    // ---- resume bound and PUBREL gate

    @Test
    void resumeResendsAtMostMaxResumeInFlightAtOnceAndMoreAsAcksCome() {
        session = new Session(store, settings(20, 1000, 2, true, false));
        session.onConnected(false, out::add);
        for (String t : List.of("a", "b", "c", "d", "e")) {
            publish(t, 1);
        }
        sent();
        session.onConnectionLost();

        session.onConnected(true, out::add);
        assertThat(sent()).containsExactly("PUBLISH a q1 id=1 dup", "PUBLISH b q1 id=2 dup");

        publish("new", 1);
        assertThat(sent()).as("new messages wait until the resend is done").isEmpty();

        session.onAck(new Puback(1), out::add);
        assertThat(sent()).containsExactly("PUBLISH c q1 id=3 dup");
        session.onAck(new Puback(2), out::add);
        assertThat(sent()).containsExactly("PUBLISH d q1 id=4 dup");
        session.onAck(new Puback(3), out::add);
        assertThat(sent()).containsExactly("PUBLISH e q1 id=5 dup", "PUBLISH new q1 id=6");
    }

    @Test
    void pubrelWaitsUntilAnEarlierResentQos2MessageIsReleased() {
        session.onConnected(false, out::add);
        publish("a", 2);
        publish("b", 2);
        publish("c", 1);
        session.onAck(new Pubrec(2), out::add);
        sent();
        session.onConnectionLost();

        session.onConnected(true, out::add);
        assertThat(sent()).as("b's PUBREL must not overtake a").containsExactly("PUBLISH a q2 id=1 dup");

        session.onAck(new Pubrec(1), out::add);

        assertThat(sent()).containsExactly("PUBREL 1", "PUBREL 2", "PUBLISH c q1 id=3 dup");
    }

    @Test
    void pubrelIsNotHeldByAnEarlierQos1Message() {
        session.onConnected(false, out::add);
        publish("a", 1);
        publish("b", 2);
        session.onAck(new Pubrec(2), out::add);
        sent();
        session.onConnectionLost();

        session.onConnected(true, out::add);

        assertThat(sent()).containsExactly("PUBLISH a q1 id=1 dup", "PUBREL 2");
    }

    @Test
    void aResubscribeCutOffByConnectionLossIsSentAgainEvenIfTheNextBrokerSessionIsPresent() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("x", 1)), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(1)), out::add);
        session.onConnectionLost();
        session.onConnected(false, out::add);
        assertThat(sent()).containsExactly("SUBSCRIBE 1", "SUBSCRIBE 2");

        // lost before the SUBACK; the broker kept the session made by that CONNECT, maybe without x
        session.onConnectionLost();
        session.onConnected(true, out::add);

        assertThat(subscribesSent()).containsExactly(List.of("x"));
    }

    @Test
    void aResubscribeCutOffByConnectionLossIsNotSentTwiceWithoutASession() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscription("x", 1)), new RecordingCompletion(), out::add);
        session.onAck(new Suback(1, List.of(1)), out::add);
        session.onConnectionLost();
        session.onConnected(false, out::add);
        sent();
        session.onConnectionLost();

        session.onConnected(false, out::add);

        assertThat(subscribesSent()).containsExactly(List.of("x"));
    }
}
