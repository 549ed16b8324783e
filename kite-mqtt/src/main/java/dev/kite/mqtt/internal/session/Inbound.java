package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Inbound QoS 1/2 flows: receipts of QoS 2 messages until their PUBREL (so a resend is not
 * delivered twice), and acknowledgements sent in the order the messages arrived, whatever order
 * the application acknowledges them in [MQTT-4.6.0-2] [MQTT-4.6.0-3].
 */
final class Inbound {
    private static final byte[] RECEIPT = {1};

    private final Store store;
    /** QoS 2 packet ids received and not yet released; true once PUBREC was sent. */
    private final Map<Integer, Boolean> qos2 = new HashMap<>();
    /** Messages of this connection waiting for their acknowledgement, in arrival order. */
    private final ArrayDeque<Pending> order = new ArrayDeque<>();

    private static final class Pending {
        final int qos;
        final int id;
        boolean acked;

        Pending(int qos, int id) {
            this.qos = qos;
            this.id = id;
        }
    }

    Inbound(Store store) {
        this.store = store;
    }

    /** Takes a receipt found in the store at restart: its PUBREC was sent or is owed. */
    void restore(int packetId) {
        qos2.put(packetId, true);
    }

    /** Returns whether to deliver an inbound PUBLISH; see {@link Session#onPublish}. */
    boolean onPublish(Publish p, Consumer<Packet> out) {
        if (p.qos() == 0) {
            return true;
        }
        if (p.qos() == 2) {
            Boolean acked = qos2.get(p.packetId());
            if (acked != null) {
                // [MQTT-4.3.3-2] already received: answer again once acknowledged, never deliver twice
                if (acked) {
                    out.accept(new Pubrec(p.packetId()));
                }
                return false;
            }
            qos2.put(p.packetId(), false);
            store.put(StoreKey.inbound(p.packetId()), RECEIPT);
        }
        order.add(new Pending(p.qos(), p.packetId()));
        return true;
    }

    /**
     * Marks a delivered message acknowledged and sends every acknowledgement now in order.
     *
     * @param current whether the message came on the current connection; a QoS 1 message from an
     *     earlier one is not acknowledged (the broker sends it again), a QoS 2 one is released
     *     with PUBREC on the current connection, where the broker has sent it again
     * @param out the current connection's outbox, or null if there is none
     */
    void acknowledge(int qos, int packetId, boolean current, Consumer<Packet> out) {
        if (qos == 0) {
            return;
        }
        if (!current) {
            if (qos == 2 && Boolean.FALSE.equals(qos2.get(packetId))) {
                qos2.put(packetId, true);
                if (out != null) {
                    out.accept(new Pubrec(packetId));
                }
            }
            return;
        }
        for (Pending p : order) {
            if (!p.acked && p.id == packetId && p.qos == qos) {
                p.acked = true;
                break;
            }
        }
        while (!order.isEmpty() && order.peek().acked) {
            Pending p = order.poll();
            if (p.qos == 1) {
                out.accept(new Puback(p.id));
            } else if (qos2.containsKey(p.id)) {
                qos2.put(p.id, true);
                out.accept(new Pubrec(p.id));
            }
        }
    }

    /** Handles PUBREL: forgets the receipt and answers PUBCOMP, known id or not [MQTT-4.3.3]. */
    void onPubrel(int packetId, Consumer<Packet> out) {
        if (qos2.remove(packetId) != null) {
            store.delete(StoreKey.inbound(packetId));
        }
        out.accept(new Pubcomp(packetId));
    }

    /**
     * A new connection: acknowledgements owed on the old one are void (the broker resends QoS 1;
     * QoS 2 receipts stay, so a resend is not delivered again). With no session on the broker, the
     * receipts are void too.
     */
    void onConnected(boolean sessionPresent) {
        order.clear();
        if (!sessionPresent) {
            qos2.keySet().forEach(id -> store.delete(StoreKey.inbound(id)));
            qos2.clear();
        }
    }

    void clear() {
        order.clear();
        qos2.clear();
    }
}
