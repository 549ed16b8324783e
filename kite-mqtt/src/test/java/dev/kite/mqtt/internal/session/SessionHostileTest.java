package dev.kite.mqtt.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.store.MemoryStore;
import dev.kite.mqtt.testing.Logs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session against a broker that answers wrongly, late or not at all. */
class SessionHostileTest {
    private final List<Packet> out = new ArrayList<>();
    private final Session session = new Session(new MemoryStore(), 10);
    private final List<Object> results = new ArrayList<>();
    private final Completion token = new Completion() {
        @Override
        public void complete(Object result) {
            results.add(result);
        }

        @Override
        public void fail(Throwable error) {
            results.add(error);
        }
    };

    private Subscribe subscribeTwo() {
        session.onConnected(false, out::add);
        session.subscribe(List.of(new Subscribe.Subscription("a", 1), new Subscribe.Subscription("b", 2)), token,
                out::add);
        return (Subscribe) out.remove(out.size() - 1);
    }

    @Test
    void subackWithTheWrongNumberOfCodesIsAProtocolErrorAndChangesNothing() {
        Subscribe s = subscribeTwo();
        assertThatThrownBy(() -> session.onAck(new Suback(s.packetId(), List.of(1)), out::add))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessage("SUBACK for packet id 1: 1 return codes for 2 topic filters [MQTT-3.8.4-5] [MQTT-3.9.3-1]");
        assertThat(results).isEmpty();
        session.onAck(new Suback(s.packetId(), List.of(1, 2)), out::add);
        assertThat(results).containsExactly(List.of(1, 2));
    }

    @Test
    void unsubackForASubscribeIsAProtocolError() {
        Subscribe s = subscribeTwo();
        assertThatThrownBy(() -> session.onAck(new Unsuback(s.packetId()), out::add))
                .isInstanceOf(MqttProtocolException.class)
                .hasMessageContaining("UNSUBACK for packet id 1, which is an open SUBSCRIBE");
    }

    @Test
    void abandonedRequestKeepsItsIdUntilTheConnectionEndsAndIsNotSentAgain() {
        Subscribe s = subscribeTwo();
        assertThat(session.abandon(token)).isTrue();
        assertThat(session.subscriptionCount()).isZero();
        // the id is still taken on this connection: the next request gets another
        session.subscribe(List.of(new Subscribe.Subscription("c", 0)), token, out::add);
        assertThat(out.remove(out.size() - 1).packetId()).isNotEqualTo(s.packetId());
        session.onConnectionLost();
        out.clear();
        session.onConnected(true, out::add);
        assertThat(out).hasSize(1).allSatisfy(p -> assertThat(((Subscribe) p).subscriptions())
                .extracting(Subscribe.Subscription::filter).containsExactly("c"));
    }

    @Test
    void abandonedRequestThatWasNeverSentIsDropped() {
        session.subscribe(List.of(new Subscribe.Subscription("a", 1)), token, out::add);
        assertThat(session.abandon(token)).isFalse();
        session.onConnected(true, out::add);
        assertThat(out).isEmpty();
        assertThat(session.isIdle()).isTrue();
    }

    @Test
    void staleAcksAreIgnoredAndCountedAndAnUnknownPubrecIsReleased() {
        session.onConnected(false, out::add);
        session.onAck(new Puback(5), out::add);
        session.onAck(new Pubcomp(6), out::add);
        session.onAck(new Suback(7, List.of(0)), out::add);
        session.onAck(new Unsuback(8), out::add);
        assertThat(session.ignoredAcks()).isEqualTo(4);
        assertThat(out).isEmpty();
        session.onAck(new Pubrec(9), out::add);
        assertThat(out).containsExactly(new Pubrel(9));
        assertThat(session.ignoredAcks()).isEqualTo(4);
    }

    @Test
    void twentyThousandStalePubrecsAreAllReleasedButLoggedAtWarnOnlyAFewTimes() throws Exception {
        session.onConnected(false, out::add);
        String log = Logs.stderrOf(() -> {
            for (int i = 0; i < 20_000; i++) {
                session.onAck(new Pubrec(1 + i % 1000), out::add);
            }
        });
        assertThat(out).hasSize(20_000).allMatch(p -> p instanceof Pubrel);
        // the 1st, 2nd, 4th, 8th... as stale PUBACK / PUBCOMP: 15 lines for 20,000
        assertThat(Logs.warnings(log, "PUBREC for packet id")).isBetween(1L, 15L);
    }

    @Test
    void aBrokerThatDowngradesQos2IsNamedInOneWarningPerConnection() throws Exception {
        Session wide = new Session(new MemoryStore(), 100);
        String log = Logs.stderrOf(() -> {
            for (int connection = 0; connection < 2; connection++) {
                wide.onConnected(false, out::add);
                for (int i = 0; i < 25; i++) {
                    wide.publish(new Publish("t", new byte[] {1}, 2, false, false, 0), token, out::add);
                    wide.onAck(new Puback(out.remove(out.size() - 1).packetId()), out::add);
                }
                wide.onConnectionLost();
            }
        });
        assertThat(results).hasSize(50).allMatch(r -> r == null);
        assertThat(Logs.warnings(log, "answered a QoS 2 PUBLISH with PUBACK")).isEqualTo(2);
    }
}
