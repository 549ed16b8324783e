package dev.kite.mqtt.internal.session;

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
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one MQTT session, free of I/O and threads: packet ids, the outbound
 * in-flight window and the queue behind it, QoS 1/2 flows, SUBSCRIBE/UNSUBSCRIBE flows, the
 * subscriptions held, inbound flows. It takes packets in and hands packets to send to an outbox.
 * What must outlive the process is written to the store as it changes.
 *
 * <p>Not thread-safe: the client calls it under one lock.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final int FILTERS_PER_RESUBSCRIBE = 100;
    private static final Completion NO_TOKEN = new Completion() {
        @Override
        public void complete(Object result) {
        }

        @Override
        public void fail(Throwable error) {
            // a flow restored from the store, or a resubscribe: nobody waits for it
        }
    };

    /**
     * How the session behaves.
     *
     * @param maxInflight the outbound window, 1 to 65535
     * @param maxQueued how many messages may wait behind the window (or for a connection)
     * @param maxResumeInFlight how many stored flows are resent at once on resume, 0 for all
     * @param resubscribe whether to send the subscriptions again when the broker has no session
     * @param persistSubscriptions whether subscriptions are written to the store
     */
    public record Settings(int maxInflight, int maxQueued, int maxResumeInFlight, boolean resubscribe,
                           boolean persistSubscriptions) {
    }

    /** One outbound message and where its flow is. */
    private static final class Outbound {
        final long sequence;
        Publish publish;
        final Completion completion;
        boolean released;
        /** Resent as PUBLISH on this connection and not yet released by a PUBREC. */
        boolean awaitingRelease;

        Outbound(long sequence, Publish publish, Completion completion) {
            this.sequence = sequence;
            this.publish = publish;
            this.completion = completion;
        }
    }

    /**
     * A SUBSCRIBE or UNSUBSCRIBE and its token; survives reconnects unless abandoned (its ack
     * timed out: the id stays taken until the connection ends, then it is not sent again).
     */
    private record Control(List<Subscribe.Subscription> subscribe, List<String> unsubscribe, Completion completion,
                           boolean abandoned) {
        Control(List<Subscribe.Subscription> subscribe, List<String> unsubscribe, Completion completion) {
            this(subscribe, unsubscribe, completion, false);
        }

        Packet packet(int id) {
            return subscribe != null ? new Subscribe(id, subscribe) : new Unsubscribe(id, unsubscribe);
        }
    }

    private final Store store;
    /** False for {@link NoStore}: no record is encoded for a store that keeps nothing. */
    private final boolean durable;
    private final Settings settings;
    private final PacketIds ids = new PacketIds();
    private final Inbound inbound;
    private final Subscriptions subscriptions;
    /** Admitted outbound QoS 1/2 flows, by packet id. */
    private final LinkedHashMap<Integer, Outbound> inflight = new LinkedHashMap<>();
    /** Flows of an earlier connection not yet resent on this one, in sequence order. */
    private final ArrayDeque<Outbound> resend = new ArrayDeque<>();
    /** Outbound messages waiting for room in the window or for a connection; they hold no id. */
    private final ArrayDeque<Outbound> waiting = new ArrayDeque<>();
    /** SUBSCRIBE / UNSUBSCRIBE sent and waiting for their acknowledgement, by packet id. */
    private final LinkedHashMap<Integer, Control> control = new LinkedHashMap<>();
    /** SUBSCRIBE / UNSUBSCRIBE to send once connected. */
    private final ArrayDeque<Control> controlLater = new ArrayDeque<>();
    private long nextSequence = 1;
    private boolean online;
    private final AckLog ackLog = new AckLog();
    /** Resent QoS 2 PUBLISHes of this connection still waiting for their PUBREC. */
    private int resentAwaitingRelease;

    /**
     * Creates a session with a window and otherwise generous bounds (for tests).
     *
     * @param store where flows are persisted
     * @param maxInflight the outbound window, 1 to 65535
     */
    public Session(Store store, int maxInflight) {
        this(store, new Settings(maxInflight, Integer.MAX_VALUE, 0, true, false));
    }

    /**
     * Creates a session over an opened store; call {@link #restore()} to take up what it holds.
     *
     * @param store where flows are persisted
     * @param settings the bounds and policies
     */
    public Session(Store store, Settings settings) {
        this.store = store;
        this.durable = !(store instanceof NoStore);
        this.settings = settings;
        this.inbound = new Inbound(store);
        this.subscriptions = new Subscriptions(store, settings.persistSubscriptions());
    }

    /**
     * Takes up the flows a store holds from an earlier run: publishes in their original order
     * (those that had an id keep it), PUBREL states, inbound QoS 2 receipts, subscriptions. A
     * record that cannot be read is logged and dropped.
     *
     * @return how many outbound messages were restored
     */
    public int restore() {
        int restored = 0;
        for (StoreKey key : store.keys()) {
            byte[] value = store.get(key);
            if (value == null) {
                continue;
            }
            try {
                switch (key.kind()) {
                    case OUTBOUND -> {
                        restoreOutbound(key, Records.readOutbound(value));
                        restored++;
                    }
                    case INBOUND -> inbound.restore((int) key.id(), value);
                    case SUBSCRIPTION -> subscriptions.restore(key, value);
                    default -> throw new IllegalArgumentException("unknown kind " + key.kind());
                }
            } catch (IllegalArgumentException e) {
                log.warn("store entry {} cannot be read ({}); it is dropped", key, e.getMessage());
                store.delete(key);
            }
        }
        return restored;
    }

    private void restoreOutbound(StoreKey key, Records.Outbound r) {
        Outbound o = new Outbound(key.id(), r.publish(), NO_TOKEN);
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

    /**
     * Takes an outbound message: stored (QoS 1/2) before this returns, sent now if online and the
     * window has room, otherwise queued in order.
     *
     * @throws MqttClientException if the queue behind the window is full; nothing was kept
     */
    public void publish(Publish publish, Completion completion, Consumer<Packet> out) {
        boolean now = online && waiting.isEmpty() && resend.isEmpty()
                && (publish.qos() == 0 || inflight.size() < settings.maxInflight());
        if (!now && waiting.size() >= settings.maxQueued()) {
            throw new MqttClientException("publish queue full: " + waiting.size()
                    + " messages already wait for a connection or room in the in-flight window (setMaxQueuedMessages)");
        }
        Outbound o = new Outbound(nextSequence++, publish, completion);
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
    private boolean admit(Outbound o) {
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

    private void send(Outbound o, Consumer<Packet> out) {
        out.accept(o.publish);
        if (o.publish.qos() == 0) {
            o.completion.complete(null);
        }
    }

    private void admitWaiting(Consumer<Packet> out) {
        pumpResend(out);
        while (online && resend.isEmpty() && !waiting.isEmpty()
                && (waiting.peek().publish.qos() == 0 || inflight.size() < settings.maxInflight())) {
            Outbound o = waiting.peek();
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
        int limit = settings.maxResumeInFlight();
        while (online && !resend.isEmpty()
                && (limit == 0 || inflight.size() - resend.size() < limit)) {
            Outbound o = resend.peek();
            int id = o.publish.packetId();
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

    /** Starts a SUBSCRIBE flow; the subscriptions are held from now on, for resubscribing. */
    public void subscribe(List<Subscribe.Subscription> subs, Completion completion, Consumer<Packet> out) {
        subscriptions.add(subs);
        control(new Control(List.copyOf(subs), null, completion), out);
    }

    /** Starts an UNSUBSCRIBE flow; the subscriptions are no longer held. */
    public void unsubscribe(List<String> filters, Completion completion, Consumer<Packet> out) {
        subscriptions.remove(filters);
        control(new Control(null, List.copyOf(filters), completion), out);
    }

    private void control(Control c, Consumer<Packet> out) {
        if (!online) {
            controlLater.add(c);
            return;
        }
        int id = ids.take();
        if (id == 0) {
            throw new MqttClientException("no packet id free: 65535 flows are open");
        }
        control.put(id, c);
        out.accept(c.packet(id));
    }

    /**
     * Handles an acknowledgement from the broker: PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK.
     * PUBREL is inbound QoS 2: see {@link #onPubrel}. An acknowledgement for an id with no open
     * flow is ignored and counted ({@link #ignoredAcks}); a PUBREC for one is answered with
     * PUBREL. One of the wrong type for an open publish never leaves it hanging (see
     * docs/RELIABILITY.md, "Secrets and acknowledgements"): a PUBACK ends any publish as
     * delivered (a broker that takes QoS 2 at QoS 1), a PUBREC releases a QoS 1 publish too, and
     * a PUBCOMP before any PUBREC fails the publish and throws.
     *
     * @throws MqttProtocolException if a SUBACK or UNSUBACK answers the other kind of request, or a
     *     SUBACK's return codes do not match the filters one for one (the session is unchanged);
     *     or if a PUBCOMP answers a publish that had no PUBREC (that publish has failed and is
     *     forgotten); the connection must be closed [MQTT-4.8.0-1]
     */
    public void onAck(Packet ack, Consumer<Packet> out) {
        int id = ack.packetId();
        if (ack instanceof Puback) {
            onPuback(id, out);
        } else if (ack instanceof Pubcomp) {
            onPubcomp(id, out);
        } else if (ack instanceof Pubrec) {
            onPubrec(id, out);
        } else if (ack instanceof Suback s) {
            finishControl(id, s.returnCodes(), "SUBACK", out);
        } else if (ack instanceof Unsuback) {
            finishControl(id, null, "UNSUBACK", out);
        } else {
            throw new IllegalArgumentException("not an acknowledgement: " + ack);
        }
    }

    private void onPuback(int id, Consumer<Packet> out) {
        Outbound o = inflight.get(id);
        if (o == null) {
            ackLog.ignored("PUBACK", id, "no open PUBLISH");
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
        finish(o, out);
    }

    private void onPubcomp(int id, Consumer<Packet> out) {
        Outbound o = inflight.get(id);
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
        finish(o, out);
    }

    private void onPubrec(int id, Consumer<Packet> out) {
        Outbound o = inflight.get(id);
        if (o == null) {
            ackLog.released(id);
            out.accept(new Pubrel(id));
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

    private void finish(Outbound o, Consumer<Packet> out) {
        end(o);
        o.completion.complete(null);
        admitWaiting(out);
    }

    /** Takes a publish out of the window: frees its id and forgets its stored message. */
    private void end(Outbound o) {
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

    private void finishControl(int id, List<Integer> codes, String what, Consumer<Packet> out) {
        Control c = control.get(id);
        if (c != null && !c.abandoned()) {
            checkAnswers(id, c, codes, what);
        }
        control.remove(id);
        if (c == null) {
            ackLog.ignored(what, id, "no pending request");
            return;
        }
        ids.release(id);
        if (codes != null && c.subscribe() != null) {
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < c.subscribe().size() && i < codes.size(); i++) {
                if (codes.get(i) == Suback.FAILURE) {
                    refused.add(c.subscribe().get(i).filter());
                }
            }
            subscriptions.remove(refused);
        }
        c.completion().complete(codes);
        admitWaiting(out);
    }

    /** The broker answers the request it was sent, one return code per filter; checked before any change. */
    private static void checkAnswers(int id, Control c, List<Integer> codes, String what) {
        if (codes == null ? c.subscribe() != null : c.subscribe() == null) {
            throw new MqttProtocolException(what + " for packet id " + id + ", which is an open "
                    + (c.subscribe() != null ? "SUBSCRIBE" : "UNSUBSCRIBE") + " [MQTT-3.9.3-1] [MQTT-3.11.2-1]");
        }
        if (codes != null && codes.size() != c.subscribe().size()) {
            throw new MqttProtocolException("SUBACK for packet id " + id + ": " + codes.size()
                    + " return codes for " + c.subscribe().size() + " topic filters [MQTT-3.8.4-5] [MQTT-3.9.3-1]");
        }
    }

    /**
     * Handles an inbound PUBLISH.
     *
     * @return whether to deliver it; false for a QoS 2 message already received and not yet
     *     released [MQTT-4.3.3-2], for which a PUBREC is sent again if it was sent before
     */
    public boolean onPublish(Publish p, Consumer<Packet> out) {
        return inbound.onPublish(p, out);
    }

    /** Acknowledges a message delivered on the current connection; see {@link Inbound#acknowledge}. */
    public void acknowledge(int qos, int packetId, Consumer<Packet> out) {
        inbound.acknowledge(qos, packetId, true, out);
    }

    /** Acknowledges a message delivered on an earlier connection. */
    public void acknowledgeStale(int qos, int packetId, Consumer<Packet> out) {
        inbound.acknowledge(qos, packetId, false, out);
    }

    /** Handles PUBREL: forgets the receipt and answers PUBCOMP, known id or not [MQTT-4.3.3]. */
    public void onPubrel(int packetId, Consumer<Packet> out) {
        inbound.onPubrel(packetId, out);
    }

    /**
     * A connection was accepted: rebuilds subscriptions if the broker has no session, sends the
     * SUBSCRIBE/UNSUBSCRIBE that were waiting, resumes the outbound flows, then the queue.
     *
     * @param sessionPresent the CONNACK flag
     * @param out receives what to send first, in order
     */
    public void onConnected(boolean sessionPresent, Consumer<Packet> out) {
        online = true;
        ackLog.newConnection();
        inbound.onConnected(sessionPresent);
        if (!sessionPresent && settings.resubscribe()) {
            resubscribe(out);
        }
        while (!controlLater.isEmpty()) {
            control(controlLater.poll(), out);
        }
        List<Outbound> flows = new ArrayList<>(inflight.values());
        flows.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        resend.clear();
        resentAwaitingRelease = 0;
        for (Outbound o : flows) {
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

    private void resubscribe(Consumer<Packet> out) {
        Set<String> pending = new HashSet<>();
        controlLater.forEach(c -> {
            if (c.subscribe() != null) {
                c.subscribe().forEach(s -> pending.add(s.filter()));
            }
        });
        for (List<Subscribe.Subscription> batch : subscriptions.batches(FILTERS_PER_RESUBSCRIBE)) {
            List<Subscribe.Subscription> todo = batch.stream().filter(s -> !pending.contains(s.filter())).toList();
            if (!todo.isEmpty()) {
                control(new Control(todo, null, NO_TOKEN), out);
            }
        }
    }

    /**
     * The connection was lost: SUBSCRIBE/UNSUBSCRIBE waiting for an answer will be sent again on
     * the next connection; publishes stay for resend.
     */
    public void onConnectionLost() {
        online = false;
        List<Control> again = new ArrayList<>();
        for (Map.Entry<Integer, Control> e : control.entrySet()) {
            ids.release(e.getKey());
            if (e.getValue().abandoned()) {
                continue;
            }
            // resubscribes too: a broker that reports its session present next time may never
            // have seen them; without a session, resubscribe() skips filters already pending
            again.add(e.getValue());
        }
        control.clear();
        for (int i = again.size() - 1; i >= 0; i--) {
            controlLater.addFirst(again.get(i));
        }
    }

    /**
     * Gives up a SUBSCRIBE or UNSUBSCRIBE whose acknowledgement did not come in time; the caller
     * fails its token. A request not yet sent is dropped. A request on the wire keeps its packet
     * id until the connection ends (a late acknowledgement must not complete a newer request
     * that reused the id) and is not sent again after that; the caller closes the connection.
     * The filters of an abandoned SUBSCRIBE are no longer held for resubscribing.
     *
     * @return true if the request was on the wire, false if it was waiting or is unknown
     */
    public boolean abandon(Completion completion) {
        for (Map.Entry<Integer, Control> e : control.entrySet()) {
            Control c = e.getValue();
            if (c.completion() == completion && !c.abandoned()) {
                e.setValue(new Control(c.subscribe(), c.unsubscribe(), NO_TOKEN, true));
                forget(c);
                return true;
            }
        }
        for (Control c : controlLater) {
            if (c.completion() == completion) {
                controlLater.remove(c);
                forget(c);
                return false;
            }
        }
        return false;
    }

    private void forget(Control c) {
        if (c.subscribe() != null) {
            subscriptions.remove(c.subscribe().stream().map(Subscribe.Subscription::filter).toList());
        }
    }

    /** Returns how many acknowledgements came for ids with no open flow and were ignored. */
    public long ignoredAcks() {
        return ackLog.ignoredCount();
    }

    /** Fails every open flow (the client is closing) and empties the session's memory. */
    public void failAll(Throwable error) {
        online = false;
        inflight.values().forEach(o -> o.completion.fail(error));
        waiting.forEach(o -> o.completion.fail(error));
        control.values().forEach(c -> c.completion().fail(error));
        controlLater.forEach(c -> c.completion().fail(error));
        inflight.clear();
        resend.clear();
        resentAwaitingRelease = 0;
        waiting.clear();
        control.clear();
        controlLater.clear();
        inbound.clear();
        ids.clear();
    }

    /** Returns how many outbound QoS 1/2 flows are in the window. */
    public int inflightCount() {
        return inflight.size();
    }

    /** Returns how many outbound messages wait for the window or a connection. */
    public int waitingCount() {
        return waiting.size();
    }

    /** Returns how many subscriptions the session holds. */
    public int subscriptionCount() {
        return subscriptions.size();
    }

    /**
     * Returns whether no inbound flow is open: every message delivered was acknowledged, and
     * every QoS 2 message answered with PUBREC was released by the broker's PUBREL.
     */
    public boolean isInboundIdle() {
        return inbound.isIdle();
    }

    /** Returns whether nothing outbound is open: no publish, subscribe or unsubscribe. */
    public boolean isIdle() {
        return inflight.isEmpty() && waiting.isEmpty() && control.isEmpty() && controlLater.isEmpty();
    }
}
