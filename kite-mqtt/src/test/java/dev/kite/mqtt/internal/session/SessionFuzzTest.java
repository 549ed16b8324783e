package dev.kite.mqtt.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
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
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import dev.kite.mqtt.store.MemoryStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fuzzes {@link Session} with random sequences of API calls, broker packets (right, stale,
 * duplicated or for ids never used), connects, losses and ack timeouts. Invariants: no exception
 * but the documented ones ({@link MqttClientException} for a full queue or no free id,
 * {@link MqttProtocolException} for a SUBACK/UNSUBACK that does not answer its request); every
 * packet id sent is 1 to 65535; and from any state a cooperative broker brings the session back
 * to idle with every admitted QoS 1/2 message acknowledged.
 *
 * <p>A normal run replays {@code src/test/resources/dev/kite/mqtt/internal/session/SessionFuzzTestInputs/};
 * fuzz with {@code JAZZER_FUZZ=1 mvn -o -pl kite-mqtt test-compile surefire:test@fuzz -Dtest=SessionFuzzTest}.
 */
class SessionFuzzTest {

    /** A completion that remembers how it ended and fails the test if it ends twice. */
    static final class Done implements Completion {
        boolean done;

        @Override
        public void complete(Object result) {
            end();
        }

        @Override
        public void fail(Throwable error) {
            end();
        }

        private void end() {
            assertThat(done).as("completed twice").isFalse();
            done = true;
        }
    }

    private final ArrayDeque<Packet> wire = new ArrayDeque<>();
    private boolean online;

    private void out(Packet p) {
        int id = p.packetId();
        boolean needsId = !(p instanceof Publish pub) || pub.qos() > 0;
        if (needsId && p.type() != Packet.Type.PINGREQ) {
            assertThat(id).as("packet id of %s", p).isBetween(1, 65535);
        }
        if (online) {
            wire.add(p);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void packets(FuzzedDataProvider data) {
        int maxInflight = data.consumeInt(1, 8);
        Session session = new Session(new MemoryStore(), new Session.Settings(maxInflight, 30,
                data.consumeInt(0, 3), data.consumeBoolean(), data.consumeBoolean()));
        List<Done> published = new ArrayList<>();
        List<Done> controls = new ArrayList<>();
        int steps = data.consumeInt(0, 200);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            try {
                step(session, data, published, controls);
            } catch (MqttClientException | MqttProtocolException documented) {
                assertThat(documented.getMessage()).isNotBlank();
            }
        }
        // a cooperative broker from here on
        session.onConnectionLost();
        online = false;
        wire.clear();
        online = true;
        session.onConnected(true, this::out);
        int rounds = 0;
        while (!wire.isEmpty()) {
            assertThat(++rounds).as("cooperative rounds").isLessThan(100_000);
            answer(session, wire.poll());
        }
        assertThat(session.isIdle()).as("idle after a cooperative broker").isTrue();
        assertThat(session.inflightCount()).isZero();
        assertThat(published).allMatch(d -> d.done);
    }

    private void step(Session session, FuzzedDataProvider data, List<Done> published, List<Done> controls) {
        switch (data.consumeInt(0, 11)) {
            case 0 -> {
                Done d = new Done();
                int qos = data.consumeInt(0, 2);
                session.publish(new Publish("t/" + data.consumeInt(0, 3), new byte[] {1}, qos, false, false, 0), d,
                        this::out);
                if (qos > 0) {
                    published.add(d);
                }
            }
            case 1 -> {
                Done d = new Done();
                int n = data.consumeInt(1, 3);
                List<Subscribe.Subscription> subs = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    subs.add(new Subscribe.Subscription("f/" + data.consumeInt(0, 4), data.consumeInt(0, 2)));
                }
                session.subscribe(subs, d, this::out);
                controls.add(d);
            }
            case 2 -> {
                Done d = new Done();
                session.unsubscribe(List.of("f/" + data.consumeInt(0, 4)), d, this::out);
                controls.add(d);
            }
            case 3 -> answerSomething(session, data);
            case 4 -> {
                int id = data.consumeInt(1, 65535);
                int codes = data.consumeInt(1, 3);
                session.onAck(switch (data.consumeInt(0, 4)) {
                    case 0 -> new Puback(id);
                    case 1 -> new Pubrec(id);
                    case 2 -> new Pubcomp(id);
                    case 3 -> new Suback(id, Collections.nCopies(codes, data.pickValue(new Integer[] {0, 1, 2, 0x80})));
                    default -> new Unsuback(id);
                }, this::out);
            }
            case 5 -> session.onPubrel(data.consumeInt(1, 65535), this::out);
            case 6 -> {
                int qos = data.consumeInt(0, 2);
                int id = qos == 0 ? 0 : data.consumeInt(1, 5);
                session.onPublish(new Publish("in", new byte[0], qos, false, data.consumeBoolean(), id), this::out);
            }
            case 7 -> {
                if (online) {
                    session.acknowledge(data.consumeInt(1, 2), data.consumeInt(1, 5), this::out);
                } else {
                    session.acknowledgeStale(data.consumeInt(1, 2), data.consumeInt(1, 5), null);
                }
            }
            case 8 -> {
                if (!online) {
                    online = true;
                    session.onConnected(data.consumeBoolean(), this::out);
                }
            }
            case 9 -> {
                online = false;
                wire.clear();
                session.onConnectionLost();
            }
            case 10 -> {
                if (!controls.isEmpty()) {
                    Done d = controls.get(data.consumeInt(0, controls.size() - 1));
                    if (!d.done) {
                        boolean onWire = session.abandon(d);
                        d.fail(new MqttClientException("ack timeout"));
                        if (onWire) {
                            online = false;
                            wire.clear();
                            session.onConnectionLost();
                        }
                    }
                }
            }
            default -> {
                // duplicate: answer the same packet twice
                Packet p = wire.peek();
                if (p != null) {
                    answer(session, p);
                    answer(session, p);
                    wire.poll();
                }
            }
        }
    }

    /** Answers one packet from the wire correctly, or drops it. */
    private void answerSomething(Session session, FuzzedDataProvider data) {
        Packet p = wire.poll();
        if (p != null && data.consumeBoolean()) {
            answer(session, p);
        }
    }

    private void answer(Session session, Packet p) {
        if (p instanceof Publish pub && pub.qos() == 1) {
            session.onAck(new Puback(pub.packetId()), this::out);
        } else if (p instanceof Publish pub && pub.qos() == 2) {
            session.onAck(new Pubrec(pub.packetId()), this::out);
        } else if (p instanceof Pubrel rel) {
            session.onAck(new Pubcomp(rel.packetId()), this::out);
        } else if (p instanceof Subscribe sub) {
            session.onAck(new Suback(sub.packetId(), sub.subscriptions().stream()
                    .map(Subscribe.Subscription::qos).toList()), this::out);
        } else if (p instanceof Unsubscribe unsub) {
            session.onAck(new Unsuback(unsub.packetId()), this::out);
        }
    }
}
