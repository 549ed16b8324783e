package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound publish flows: the in-flight window, the queue behind it, the resend order on resume,
 * and the acknowledgements PUBACK, PUBREC and PUBCOMP, including those of the wrong type.
 *
 * <p>Under MQTT 5.0 the window is the smaller of the client's own and the broker's Receive
 * Maximum (section 4.9), a publish larger than the broker's Maximum Packet Size fails instead of
 * going out, and a PUBACK or PUBREC with a reason code of 0x80 or more ends its flow as refused:
 * no resend, no PUBREL (section 4.3.3).
 */
final class Outbound {
    private static final Logger log = LoggerFactory.getLogger(Outbound.class);

    /** One outbound message and where its flow is. */
    private static final class Flow {
        final long sequence;
        Publish publish;
        final Completion completion;
        boolean released;
        /** Resent as PUBLISH on this connection and not yet released by a PUBREC. */
        boolean awaitingRelease;
        /** The reason code of the PUBREC that released it (MQTT 5.0). */
        int reasonCode;

        Flow(long sequence, Publish publish, Completion completion) {
            this.sequence = sequence;
            this.publish = publish;
            this.completion = completion;
        }
    }

    private final Store store;
    /** False for {@link NoStore}: no record is encoded for a store that keeps nothing. */
    private final boolean durable;
    private final int maxInflight;
    private final int maxQueued;
    private final int maxResumeInFlight;
    private final PacketIds ids;
    private final AckLog ackLog;
    /** Admitted outbound QoS 1/2 flows, by packet id. */
    private final LinkedHashMap<Integer, Flow> inflight = new LinkedHashMap<>();
    /** Flows of an earlier connection not yet resent on this one, in sequence order. */
    private final ArrayDeque<Flow> resend = new ArrayDeque<>();
    /** Outbound messages waiting for room in the window or for a connection; they hold no id. */
    private final ArrayDeque<Flow> waiting = new ArrayDeque<>();
    private long nextSequence = 1;
    private boolean online;
    /** The current connection's limits. */
    private Limits limits = Limits.V3;
    /** The window: the client's own, or the broker's Receive Maximum if smaller. */
    private int window;
    /** Resent QoS 2 PUBLISHes of this connection still waiting for their PUBREC. */
    private int resentAwaitingRelease;

    Outbound(Store store, Session.Settings settings, PacketIds ids, AckLog ackLog) {
        this.store = store;
        this.durable = !(store instanceof NoStore);
        this.maxInflight = settings.maxInflight();
        this.window = maxInflight;
        this.maxQueued = settings.maxQueued();
        this.maxResumeInFlight = settings.maxResumeInFlight();
        this.ids = ids;
        this.ackLog = ackLog;
    }

    /** Takes up a message stored by an earlier run: in the window if it had an id, else queued. */
    void restore(StoreKey key, Records.Outbound r) {
        Flow o = new Flow(key.id(), r.publish(), Completion.NONE);
        o.released = r.released();
        nextSequence = Math.max(nextSequence, key.id() + 1);
        int id = r.publish().packetId();
        if (id != 0 && ids.claim(id)) {
            inflight.put(id, o);
            resend.add(o);
        } else {
            o.publish = o.publish.withIdAndDup(0, false);
            o.released = false;
            waiting.add(o);
        }
    }

    /** See {@link Session#publish}. */
    void publish(Publish publish, Completion completion, Consumer<Packet> out) {
        String refused = online ? limits.refusal(publish) : null;
        if (refused != null) {
            completion.fail(new MqttClientException(refused));
            return;
        }
        boolean now = online && waiting.isEmpty() && resend.isEmpty()
                && (publish.qos() == 0 || inflight.size() < window);
        if (!now && waiting.size() >= maxQueued) {
            throw new MqttClientException("publish queue full: " + waiting.size()
                    + " messages already wait for a connection or room in the in-flight window (setMaxQueuedMessages)");
        }
        Flow o = new Flow(nextSequence++, publish, completion);
        if (now && admit(o)) {
            send(o, out);
            return;
        }
        if (publish.qos() > 0 && durable) {
            store.put(StoreKey.outbound(o.sequence), Records.publish(publish));
        }
        waiting.add(o);
    }

    /** Gives a QoS 1/2 message an id, stores it and puts it in the window; false if no id is free. */
    private boolean admit(Flow o) {
        if (o.publish.qos() == 0) {
            return true;
        }
        int id = ids.take();
        if (id == 0) {
            return false;
        }
        o.publish = o.publish.withIdAndDup(id, false);
        if (durable) {
            store.put(StoreKey.outbound(o.sequence), Records.publish(o.publish));
        }
        inflight.put(id, o);
        o.completion.packetId(id);
        return true;
    }

    private void send(Flow o, Consumer<Packet> out) {
        out.accept(o.publish);
        if (o.publish.qos() == 0) {
            o.completion.complete(null);
        }
    }

    /** Resends what is due, then sends queued messages while the window has room and ids are free. */
    void admitWaiting(Consumer<Packet> out) {
        pumpResend(out);
        while (online && resend.isEmpty() && !waiting.isEmpty()
                && (waiting.peek().publish.qos() == 0 || inflight.size() < window)) {
            Flow o = waiting.peek();
            String refused = limits.refusal(o.publish);
            if (refused != null) {
                // queued while offline, too large for the broker it meets: it fails, the rest go on
                waiting.poll();
                if (durable && o.publish.qos() > 0) {
                    store.delete(StoreKey.outbound(o.sequence));
                }
                o.completion.fail(new MqttClientException(refused));
                continue;
            }
            if (!admit(o)) {
                return;
            }
            waiting.poll();
            send(o, out);
        }
    }

    /**
     * Resends flows of an earlier connection in their original order, at most the resume bound at
     * once. A PUBREL waits until every earlier QoS 2 message resent as PUBLISH has been released:
     * a broker delivers QoS 2 messages when it receives PUBREL, so a later message's PUBREL must
     * not overtake an earlier message's PUBLISH-PUBREC-PUBREL round trip (order per publisher).
     */
    private void pumpResend(Consumer<Packet> out) {
        // never more unacknowledged than the broker's Receive Maximum allows [MQTT-4.9.0-2]
        int limit = maxResumeInFlight == 0 ? limits.receiveMaximum() : Math.min(maxResumeInFlight, limits.receiveMaximum());
        while (online && !resend.isEmpty() && inflight.size() - resend.size() < limit) {
            Flow o = resend.peek();
            int id = o.publish.packetId();
            String refused = o.released ? null : limits.refusal(o.publish);
            if (refused != null) {
                end(o);
                o.completion.fail(new MqttClientException(refused));
                continue;
            }
            if (o.released) {
                if (resentAwaitingRelease > 0) {
                    return;
                }
                // [MQTT-4.3.3] once PUBREC came, only PUBREL is resent
                resend.poll();
                out.accept(new Pubrel(id));
            } else {
                // [MQTT-4.4.0-1] resend unacknowledged PUBLISH with DUP set
                resend.poll();
                o.publish = o.publish.withIdAndDup(id, true);
                if (o.publish.qos() == 2) {
                    o.awaitingRelease = true;
                    resentAwaitingRelease++;
                }
                out.accept(o.publish);
            }
        }
    }

    void onPuback(Packet ack, Consumer<Packet> out) {
        int id = ack.packetId();
        Flow o = inflight.get(id);
        if (o == null) {
            ackLog.ignored("PUBACK", id, "no open PUBLISH");
            return;
        }
        if (ReasonCode.isError(ack.reasonCode())) {
            refuse(o, ack, out);
            return;
        }
        if (o.publish.qos() == 2) {
            // RabbitMQ's MQTT plugin takes QoS 2 at QoS 1 and answers PUBACK: the broker has the
            // message; failing the token would make the application publish it again
            ackLog.wrongType(o.released
                    ? "the broker answered PUBREL with PUBACK instead of PUBCOMP (packet id {}); the message counts as delivered"
                    : "the broker answered a QoS 2 PUBLISH with PUBACK (packet id {}): it took the message at QoS 1,"
                            + " so it counts as delivered at least once, not exactly once", id);
        }
        o.completion.reasonCode(ack.reasonCode());
        finish(o, out);
    }

    void onPubcomp(int id, Consumer<Packet> out) {
        Flow o = inflight.get(id);
        if (o == null) {
            ackLog.ignored("PUBCOMP", id, "no open PUBLISH");
            return;
        }
        if (!o.released) {
            // [MQTT-4.8.0-1] a protocol violation closes the connection; the flow ends here, or its
            // resend would draw the same answer after every reconnect. Whether the broker has the
            // message is unknown, so the token fails rather than claim delivery.
            MqttProtocolException e = new MqttProtocolException(o.publish.qos() == 2
                    ? "PUBCOMP for packet id " + id + ", a QoS 2 PUBLISH not acknowledged with PUBREC [MQTT-4.3.3]"
                    : "PUBCOMP for packet id " + id + ", a QoS 1 PUBLISH [MQTT-4.3.2]");
            end(o);
            o.completion.fail(e);
            throw e;
        }
        o.completion.reasonCode(o.reasonCode);
        finish(o, out);
    }

    void onPubrec(Packet ack, Consumer<Packet> out) {
        int id = ack.packetId();
        Flow o = inflight.get(id);
        boolean refused = ReasonCode.isError(ack.reasonCode());
        if (o == null) {
            if (refused) {
                // [MQTT-4.3.3] a PUBREC with a failure ends the exchange: no PUBREL follows
                ackLog.ignored("PUBREC", id, "no open PUBLISH");
                return;
            }
            ackLog.released(id);
            out.accept(new Pubrel(id));
            return;
        }
        if (refused && !o.released) {
            refuse(o, ack, out);
            return;
        }
        if (o.publish.qos() == 1 && !o.released) {
            // the broker received it (as QoS 2): release it so the broker can finish, as for an
            // unknown id; the flow then ends on PUBCOMP (or PUBACK), and only PUBREL is resent
            ackLog.wrongType("the broker answered a QoS 1 PUBLISH with PUBREC (packet id {}); released with PUBREL,"
                    + " the message completes on PUBCOMP", id);
        }
        // [MQTT-4.3.3] after PUBREC the PUBLISH is never resent, only PUBREL
        if (!o.released) {
            o.released = true;
            o.reasonCode = ack.reasonCode();
            // a QoS 1 message keeps its PUBLISH record: after a restart it is resent, which QoS 1 allows
            if (durable && o.publish.qos() == 2) {
                store.put(StoreKey.outbound(o.sequence), Records.released(o.publish));
            }
        }
        resend.remove(o);
        out.accept(new Pubrel(id));
        if (o.awaitingRelease) {
            o.awaitingRelease = false;
            resentAwaitingRelease--;
            pumpResend(out);
        }
    }

    /**
     * Ends a flow the broker refused with a PUBACK or PUBREC of reason code 0x80 or more: its token
     * fails with the code and the broker's reason string, and it is never sent again (the broker
     * has decided; a resend would draw the same answer).
     */
    private void refuse(Flow o, Packet ack, Consumer<Packet> out) {
        int code = ack.reasonCode();
        String reason = ack.properties().string(Property.REASON_STRING);
        String what = "the broker refused the PUBLISH to '" + o.publish.topic() + "' with " + Packet.Type.name(ack.type())
                + " " + ReasonCode.describe(code) + (reason == null ? "" : ": " + reason);
        log.debug("{} (packet id {})", what, ack.packetId());
        end(o);
        o.completion.reasonCode(code);
        o.completion.fail(new MqttServerException(what, code, reason, null));
        admitWaiting(out);
    }

    private void finish(Flow o, Consumer<Packet> out) {
        end(o);
        o.completion.complete(null);
        admitWaiting(out);
    }

    /** Takes a publish out of the window: frees its id and forgets its stored message. */
    private void end(Flow o) {
        int id = o.publish.packetId();
        inflight.remove(id);
        resend.remove(o);
        ids.release(id);
        if (o.awaitingRelease) {
            // a PUBREL held back for this resent message may go now (admitWaiting pumps it)
            o.awaitingRelease = false;
            resentAwaitingRelease--;
        }
        if (durable) {
            store.delete(StoreKey.outbound(o.sequence));
        }
    }

    /** A connection was accepted (then {@link #resume} follows) or lost, or the client is closing. */
    void online(boolean online) {
        this.online = online;
    }

    /** A connection was accepted with these limits; {@link #resume} follows. */
    void limits(Limits limits) {
        this.limits = limits;
        this.window = Math.min(maxInflight, limits.receiveMaximum());
    }

    /** Returns why a message cannot be sent on the current connection, or null; see {@link Limits#refusal}. */
    String refusal(Publish p) {
        return online ? limits.refusal(p) : null;
    }

    /** Resumes the flows in the window in their original order, then sends the queue. */
    void resume(boolean sessionPresent, Consumer<Packet> out) {
        List<Flow> flows = new ArrayList<>(inflight.values());
        flows.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        resend.clear();
        resentAwaitingRelease = 0;
        for (Flow o : flows) {
            o.awaitingRelease = false;
            if (o.released && !sessionPresent) {
                // the broker acknowledged it with PUBREC and forgot the session: it has the message
                end(o);
                o.completion.complete(null);
            } else {
                resend.add(o);
            }
        }
        admitWaiting(out);
    }

    /** Fails every flow's token; {@link #clear} follows. */
    void failAll(Throwable error) {
        inflight.values().forEach(o -> o.completion.fail(error));
        waiting.forEach(o -> o.completion.fail(error));
    }

    void clear() {
        inflight.clear();
        resend.clear();
        resentAwaitingRelease = 0;
        waiting.clear();
    }

    int inflightCount() {
        return inflight.size();
    }

    int waitingCount() {
        return waiting.size();
    }

    boolean isIdle() {
        return inflight.isEmpty() && waiting.isEmpty();
    }
}
