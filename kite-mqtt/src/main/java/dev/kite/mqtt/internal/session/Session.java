package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one MQTT session, free of I/O and threads: packet ids, the outbound
 * in-flight window and the queue behind it, QoS 1/2 flows, inbound QoS 2 receipts, pending
 * SUBSCRIBE/UNSUBSCRIBE. It takes packets in and hands packets to send to an outbox.
 *
 * <p>Not thread-safe: the client calls it under one lock.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final Store store;
    private final int maxInflight;
    private final PacketIds ids = new PacketIds();
    /** Admitted outbound QoS 1/2 flows, in admission order, by packet id. */
    private final LinkedHashMap<Integer, Outbound> inflight = new LinkedHashMap<>();
    /** Outbound QoS 1/2 messages waiting for room in the window; they hold no packet id. */
    private final ArrayDeque<Outbound> waiting = new ArrayDeque<>();
    /** SUBSCRIBE / UNSUBSCRIBE waiting for their acknowledgement. */
    private final Map<Integer, Completion> control = new HashMap<>();
    /** Inbound QoS 2 packet ids received and not yet released; true once PUBREC was sent. */
    private final Map<Integer, Boolean> inboundQos2 = new HashMap<>();
    private long nextSequence = 1;
    private boolean online;

    /**
     * Creates a session over an opened store.
     *
     * @param store where flows are persisted
     * @param maxInflight the outbound window, 1 to 65535
     */
    public Session(Store store, int maxInflight) {
        this.store = store;
        this.maxInflight = maxInflight;
    }

    /** One outbound QoS 1/2 message and where its flow is. */
    private static final class Outbound {
        final long sequence;
        Publish publish;
        final Completion completion;
        boolean released;

        Outbound(long sequence, Publish publish, Completion completion) {
            this.sequence = sequence;
            this.publish = publish;
            this.completion = completion;
        }
    }

    /**
     * Takes an outbound QoS 1/2 message: sent now if online and the window has room, otherwise
     * queued in order.
     */
    public void publish(Publish publish, Completion completion, Consumer<Packet> out) {
        Outbound o = new Outbound(nextSequence++, publish, completion);
        if (online && waiting.isEmpty() && inflight.size() < maxInflight && admit(o)) {
            out.accept(o.publish);
        } else {
            // Stored when it enters the window and takes an id; persisting the queue behind the
            // window needs a store record without a packet id (the file store's issue).
            waiting.add(o);
        }
    }

    /** Gives a message an id, stores it and puts it in the window; false if no id is free. */
    private boolean admit(Outbound o) {
        int id = ids.take();
        if (id == 0) {
            return false;
        }
        o.publish = o.publish.withIdAndDup(id, false);
        store.put(StoreKey.outbound(o.sequence), Encoder.encode(o.publish));
        inflight.put(id, o);
        o.completion.packetId(id);
        return true;
    }

    private void admitWaiting(Consumer<Packet> out) {
        while (online && !waiting.isEmpty() && inflight.size() < maxInflight) {
            Outbound o = waiting.peek();
            if (!admit(o)) {
                return;
            }
            waiting.poll();
            out.accept(o.publish);
        }
    }

    /**
     * Starts a SUBSCRIBE or UNSUBSCRIBE flow.
     *
     * @param build makes the packet for the id taken
     * @throws MqttClientException if all packet ids are in use
     */
    public void control(IntFunction<Packet> build, Completion completion, Consumer<Packet> out) {
        int id = ids.take();
        if (id == 0) {
            throw new MqttClientException("no packet id free: 65535 flows are open");
        }
        control.put(id, completion);
        out.accept(build.apply(id));
    }

    /**
     * Handles an acknowledgement from the broker: PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK.
     * PUBREL is inbound QoS 2: see {@link #onPubrel}.
     */
    public void onAck(Packet ack, Consumer<Packet> out) {
        int id = ack.packetId();
        if (ack instanceof Puback) {
            finish(id, 1, "PUBACK", out);
        } else if (ack instanceof Pubcomp) {
            finish(id, 2, "PUBCOMP", out);
        } else if (ack instanceof Pubrec) {
            Outbound o = inflight.get(id);
            if (o == null || o.publish.qos() != 2) {
                log.warn("PUBREC for packet id {} that has no QoS 2 flow; releasing it", id);
                out.accept(new Pubrel(id));
                return;
            }
            // [MQTT-4.3.3] after PUBREC the PUBLISH is never resent, only PUBREL
            o.released = true;
            store.put(StoreKey.outbound(o.sequence), Encoder.encode(new Pubrel(id)));
            out.accept(new Pubrel(id));
        } else if (ack instanceof Suback s) {
            finishControl(id, s.returnCodes(), "SUBACK", out);
        } else if (ack instanceof Unsuback) {
            finishControl(id, null, "UNSUBACK", out);
        } else {
            throw new IllegalArgumentException("not an acknowledgement: " + ack);
        }
    }

    private void finish(int id, int qos, String what, Consumer<Packet> out) {
        Outbound o = inflight.get(id);
        if (o == null || o.publish.qos() != qos || (qos == 2 && !o.released)) {
            log.warn("{} for packet id {} that has no matching flow; ignored", what, id);
            return;
        }
        inflight.remove(id);
        ids.release(id);
        store.delete(StoreKey.outbound(o.sequence));
        o.completion.complete(null);
        admitWaiting(out);
    }

    private void finishControl(int id, Object result, String what, Consumer<Packet> out) {
        Completion c = control.remove(id);
        if (c == null) {
            log.warn("{} for packet id {} that has no pending request; ignored", what, id);
            return;
        }
        ids.release(id);
        c.complete(result);
        admitWaiting(out);
    }

    /**
     * Handles an inbound PUBLISH.
     *
     * @return whether to deliver it; false for a QoS 2 message already received and not yet
     *     released [MQTT-4.3.3-2], for which a PUBREC is sent again if it was sent before
     */
    public boolean onPublish(Publish p, Consumer<Packet> out) {
        if (p.qos() < 2) {
            return true;
        }
        Boolean acked = inboundQos2.get(p.packetId());
        if (acked == null) {
            inboundQos2.put(p.packetId(), false);
            store.put(StoreKey.inbound(p.packetId()), new byte[] {(byte) 0});
            return true;
        }
        if (acked) {
            out.accept(new Pubrec(p.packetId()));
        }
        return false;
    }

    /** Acknowledges a delivered inbound message: PUBACK at QoS 1, PUBREC at QoS 2. */
    public void acknowledge(int qos, int packetId, Consumer<Packet> out) {
        if (qos == 1) {
            out.accept(new Puback(packetId));
        } else if (qos == 2 && inboundQos2.containsKey(packetId)) {
            inboundQos2.put(packetId, true);
            out.accept(new Pubrec(packetId));
        }
    }

    /** Handles PUBREL: forgets the receipt and answers PUBCOMP, known id or not [MQTT-4.3.3]. */
    public void onPubrel(int packetId, Consumer<Packet> out) {
        if (inboundQos2.remove(packetId) != null) {
            store.delete(StoreKey.inbound(packetId));
        }
        out.accept(new Pubcomp(packetId));
    }

    /**
     * A connection was accepted: resumes or restarts the flows.
     *
     * @param sessionPresent the CONNACK flag
     * @param out receives what to send first, in order
     */
    public void onConnected(boolean sessionPresent, Consumer<Packet> out) {
        online = true;
        if (!sessionPresent) {
            // The broker holds no state for us: inbound receipts are void, and a QoS 2 message
            // the broker already acknowledged with PUBREC is its responsibility now.
            inboundQos2.keySet().forEach(id -> store.delete(StoreKey.inbound(id)));
            inboundQos2.clear();
        }
        List<Outbound> resend = new ArrayList<>(inflight.values());
        resend.sort((a, b) -> Long.compare(a.sequence, b.sequence));
        for (Outbound o : resend) {
            int id = o.publish.packetId();
            if (o.released) {
                if (sessionPresent) {
                    out.accept(new Pubrel(id));
                } else {
                    inflight.remove(id);
                    ids.release(id);
                    store.delete(StoreKey.outbound(o.sequence));
                    o.completion.complete(null);
                }
            } else {
                // [MQTT-4.4.0-1] resend unacknowledged PUBLISH with DUP set
                o.publish = o.publish.withIdAndDup(id, true);
                out.accept(o.publish);
            }
        }
        admitWaiting(out);
    }

    /** The connection was lost: pending SUBSCRIBE/UNSUBSCRIBE fail, publishes stay for resend. */
    public void onConnectionLost(Throwable cause) {
        online = false;
        for (Map.Entry<Integer, Completion> e : control.entrySet()) {
            ids.release(e.getKey());
            e.getValue().fail(new MqttClientException("connection lost before the broker answered", cause));
        }
        control.clear();
    }

    /** Fails every open flow (the client is closing) and empties the session's memory. */
    public void failAll(Throwable error) {
        online = false;
        inflight.values().forEach(o -> o.completion.fail(error));
        waiting.forEach(o -> o.completion.fail(error));
        control.values().forEach(c -> c.fail(error));
        inflight.clear();
        waiting.clear();
        control.clear();
        ids.clear();
    }

    /** Returns how many outbound QoS 1/2 flows are in the window. */
    public int inflightCount() {
        return inflight.size();
    }

    /** Returns how many outbound messages wait for the window. */
    public int waitingCount() {
        return waiting.size();
    }

    /** Returns whether nothing outbound is open: no publish, subscribe or unsubscribe. */
    public boolean isIdle() {
        return inflight.isEmpty() && waiting.isEmpty() && control.isEmpty();
    }
}
