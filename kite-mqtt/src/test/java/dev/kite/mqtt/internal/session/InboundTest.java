package dev.kite.mqtt.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.store.MemoryStore;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inbound QoS 1/2 flows: what the broker receives back, in what order, and what is delivered. */
class InboundTest {
    private final MemoryStore store = new MemoryStore();
    private final Inbound inbound = new Inbound(store, false);
    private final List<Packet> out = new ArrayList<>();

    private boolean arrive(int id, int qos) {
        return inbound.onPublish(new Publish("in", new byte[] {1}, qos, false, false, id), out::add);
    }

    private void ack(int qos, int id) {
        inbound.acknowledge(qos, id, true, out::add);
    }

    private void ackStale(int qos, int id) {
        inbound.acknowledge(qos, id, false, out::add);
    }

    private List<String> sent() {
        List<String> s = out.stream().map(p -> Packet.Type.name(p.type()) + " " + p.packetId()).toList();
        out.clear();
        return s;
    }

    @Test
    void acknowledgementsGoOutInArrivalOrderWhateverOrderTheApplicationAcks_MQTT_4_6_0_2_MQTT_4_6_0_3() {
        arrive(1, 1);
        arrive(2, 2);
        arrive(3, 1);
        arrive(4, 2);

        ack(1, 3);
        ack(2, 4);
        assertThat(sent()).as("held behind messages 1 and 2").isEmpty();

        ack(1, 1);
        assertThat(sent()).containsExactly("PUBACK 1");

        ack(2, 2);
        assertThat(sent()).containsExactly("PUBREC 2", "PUBACK 3", "PUBREC 4");
    }

    @Test
    void acknowledgementsInArrivalOrderGoOutAtOnce() {
        arrive(1, 2);
        arrive(2, 1);
        ack(2, 1);
        assertThat(sent()).containsExactly("PUBREC 1");
        ack(1, 2);
        assertThat(sent()).containsExactly("PUBACK 2");
    }

    @Test
    void qos0MessagesAndUndeliveredResendsDoNotHoldUpTheOrder() {
        arrive(1, 2);
        assertThat(arrive(0, 0)).isTrue();
        assertThat(arrive(1, 2)).as("a resend before PUBREC").isFalse();
        arrive(2, 1);

        ack(2, 1);
        ack(1, 2);

        assertThat(sent()).containsExactly("PUBREC 1", "PUBACK 2");
    }

    @Test
    void qos2ReceiptIsStoredOnArrivalAndDeletedOnPubrel() {
        arrive(9, 2);
        assertThat(store.keys()).containsExactly(StoreKey.inbound(9));
        ack(2, 9);
        inbound.onPubrel(9, out::add);

        assertThat(sent()).containsExactly("PUBREC 9", "PUBCOMP 9");
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void staleQos1AcknowledgementIsDroppedBecauseTheBrokerSendsTheMessageAgain() {
        arrive(1, 1);
        inbound.onConnected(true);

        ackStale(1, 1);

        assertThat(sent()).isEmpty();
    }

    @Test
    void staleQos2AcknowledgementReleasesTheReceiptWithPubrecOnTheCurrentConnection() {
        arrive(5, 2);
        inbound.onConnected(true);
        // the broker resends it on the new connection: not delivered again, nothing owed yet
        assertThat(arrive(5, 2)).isFalse();
        assertThat(sent()).isEmpty();

        ackStale(2, 5);

        assertThat(sent()).containsExactly("PUBREC 5");
        // a further resend (the PUBREC was lost) is answered again, still not delivered
        assertThat(arrive(5, 2)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 5");
    }

    @Test
    void staleQos2AcknowledgementSendsNothingIfItsReceiptWasAlreadyAnsweredOrReleased() {
        arrive(5, 2);
        arrive(6, 2);
        ack(2, 5);
        ack(2, 6);
        inbound.onPubrel(6, out::add);
        sent();
        inbound.onConnected(true);

        ackStale(2, 5);
        ackStale(2, 6);

        assertThat(sent()).isEmpty();
    }

    @Test
    void staleQos2AcknowledgementWhileOfflineIsAnsweredWhenTheBrokerResends() {
        arrive(5, 2);
        inbound.onConnected(true);

        assertThatCode(() -> inbound.acknowledge(2, 5, false, null)).doesNotThrowAnyException();
        assertThat(arrive(5, 2)).isFalse();

        assertThat(sent()).containsExactly("PUBREC 5");
    }

    @Test
    void anUnacknowledgedMessageOfAnOldConnectionDoesNotHoldUpTheNewOne() {
        arrive(1, 1);
        inbound.onConnected(true);
        arrive(1, 1);
        arrive(2, 1);

        ack(1, 2);
        assertThat(sent()).as("behind the resent 1 of this connection").isEmpty();
        ack(1, 1);
        assertThat(sent()).containsExactly("PUBACK 1", "PUBACK 2");
    }

    @Test
    void qos2ReceiptsSurviveAReconnectWithSessionPresent_MQTT_4_3_3_2() {
        arrive(3, 2);
        ack(2, 3);
        sent();

        inbound.onConnected(true);

        assertThat(arrive(3, 2)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 3");
        assertThat(store.keys()).containsExactly(StoreKey.inbound(3));
    }

    @Test
    void qos2ReceiptsAreClearedWithoutASession() {
        arrive(3, 2);
        arrive(4, 2);

        inbound.onConnected(false);

        assertThat(store.keys()).isEmpty();
        assertThat(arrive(3, 2)).as("a new message on a new session").isTrue();
    }

    @Test
    void restoredReceiptIsNotDeliveredAgainAndItsResendIsAnsweredWithPubrec() {
        inbound.restore(8, new byte[] {1});
        inbound.onConnected(true);

        assertThat(arrive(8, 2)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 8");
        inbound.onPubrel(8, out::add);
        assertThat(sent()).containsExactly("PUBCOMP 8");
    }

    @Test
    void sameIdWithDup0AndOtherContentIsANewMessageFromASenderThatForgot_MQTT_3_3_1_1() {
        assertThat(arrive(4, 2)).isTrue();
        ack(2, 4);
        // a broker restored from an older save reuses id 4 for another message, DUP=0
        Publish other = new Publish("in", new byte[] {2}, 2, false, false, 4);
        assertThat(inbound.onPublish(other, out::add)).isTrue();
    }

    @Test
    void sameIdWithDup0AndTheSameContentIsStillADuplicate() {
        assertThat(arrive(4, 2)).isTrue();
        ack(2, 4);
        sent();
        assertThat(arrive(4, 2)).as("the same message again, DUP=0").isFalse();
        assertThat(sent()).containsExactly("PUBREC 4");
    }

    @Test
    void messageSentAgainWithDupAfterItsReleaseIsNotDeliveredTwice() {
        assertThat(arrive(6, 2)).isTrue();
        ack(2, 6);
        inbound.onPubrel(6, out::add);
        sent();
        // a broker restored from its save resends the released message (Mosquitto 2.0 does)
        inbound.onConnected(true);
        Publish again = new Publish("in", new byte[] {1}, 2, false, true, 6);
        assertThat(inbound.onPublish(again, out::add)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 6");
        // another message under the same id is new
        Publish other = new Publish("in", new byte[] {9}, 2, false, true, 6);
        assertThat(inbound.onPublish(other, out::add)).isTrue();
    }

    @Test
    void idleOnlyOnceEveryMessageIsAcknowledgedAndEveryPubrecReleased() {
        assertThat(inbound.isIdle()).isTrue();
        arrive(1, 1);
        arrive(2, 2);
        assertThat(arrive(3, 0)).isTrue();
        assertThat(inbound.isIdle()).as("two messages not acknowledged").isFalse();
        ack(1, 1);
        assertThat(inbound.isIdle()).as("one message not acknowledged").isFalse();
        ack(2, 2);
        assertThat(sent()).containsExactly("PUBACK 1", "PUBREC 2");
        assertThat(inbound.isIdle()).as("PUBREC 2 sent, no PUBREL yet").isFalse();
        inbound.onPubrel(2, out::add);
        assertThat(sent()).containsExactly("PUBCOMP 2");
        assertThat(inbound.isIdle()).isTrue();
    }

    @Test
    void aResentPubrecWaitsForItsPubrelToo() {
        arrive(5, 2);
        ack(2, 5);
        inbound.onPubrel(5, out::add);
        // sent again after its release (a broker restored from its save): answered with PUBREC
        assertThat(inbound.onPublish(new Publish("in", new byte[] {1}, 2, false, true, 5), out::add)).isFalse();
        assertThat(inbound.isIdle()).isFalse();
        inbound.onPubrel(5, out::add);
        assertThat(inbound.isIdle()).isTrue();
    }

    @Test
    void onAResumedSessionTheBrokerOwesAPubrelForEachPubrecSent_MQTT_4_4_0_1() {
        arrive(7, 2);
        ack(2, 7);
        arrive(8, 2);
        inbound.onConnected(true);
        assertThat(inbound.isIdle()).as("PUBREC 7 sent on the last connection; 8 not acknowledged").isFalse();
        inbound.onPubrel(7, out::add);
        assertThat(inbound.isIdle()).as("8 was not delivered on this connection").isTrue();

        arrive(9, 2);
        ack(2, 9);
        inbound.onConnected(false);
        assertThat(inbound.isIdle()).as("no session on the broker: no PUBREL will come").isTrue();
    }

    @Test
    void pubrelBeforeThePubrecIsAnsweredAndTheMessageIsNotDeliveredAgain() {
        // a broker may release only after PUBREC [MQTT-4.3.3]; one that releases early finished the
        // flow on its side: PUBCOMP at once, no PUBREC later, and a resend is still a duplicate
        assertThat(arrive(3, 2)).isTrue();
        inbound.onPubrel(3, out::add);
        assertThat(sent()).containsExactly("PUBCOMP 3");
        ack(2, 3);
        assertThat(sent()).as("no PUBREC for a message already released").isEmpty();
        assertThat(inbound.onPublish(new Publish("in", new byte[] {1}, 2, false, true, 3), out::add)).isFalse();
        assertThat(sent()).containsExactly("PUBREC 3");
    }

    @Test
    void qos1IdReusedBeforeItsPubackIsDeliveredAndAcknowledgedTwice_MQTT_2_3_1_4() {
        // a server must pick an unused id [MQTT-2.3.1-4]; QoS 1 allows duplicates, so a reuse is
        // taken as it comes rather than refused
        assertThat(arrive(5, 1)).isTrue();
        assertThat(arrive(5, 1)).isTrue();
        ack(1, 5);
        ack(1, 5);
        assertThat(sent()).containsExactly("PUBACK 5", "PUBACK 5");
    }
}
