package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound QoS 1/2 flows: receipts of QoS 2 messages until their PUBREL (so a resend is not
 * delivered twice), and acknowledgements sent in the order the messages arrived, whatever order
 * the application acknowledges them in [MQTT-4.6.0-2] [MQTT-4.6.0-3].
 */
final class Inbound {
    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    private static final int RELEASED_KEPT = 16_384;

    /** The Receive Maximum the client announced on this connection. */
    private int announcedReceiveMaximum = 65_535;
    /** Messages received beyond it; tolerated (see {@link #countOverReceiveMaximum}). */
    private long overReceiveMaximum;
    private boolean overReceiveMaximumLogged;

    private final Store store;
    /** QoS 2 packet ids received and not yet released. */
    private final Map<Integer, Receipt> qos2 = new HashMap<>();
    /**
     * The last released QoS 2 messages (id and content): a broker restarted from its save may
     * send a message again with DUP=1 after it already released it (Mosquitto 2.0 does), which
     * must not be delivered twice. A broker resends its whole in-flight window, which can be large
     * when its limit is raised, so many are kept; the bound stays well below the 65,535 ids a
     * broker cycles through before it reuses one, and the content must match too, so a new
     * message is not mistaken for an old one. Memory grows only with QoS 2 traffic.
     */
    private final LinkedHashSet<Long> released = new LinkedHashSet<>();
    /** Messages of this connection waiting for their acknowledgement, in arrival order. */
    private final ArrayDeque<Pending> order = new ArrayDeque<>();
    /** QoS 2 packet ids answered with PUBREC whose PUBREL has not come on this connection. */
    private final Set<Integer> awaitingRelease = new HashSet<>();

    /** A QoS 2 message received and not yet released: whether PUBREC was sent, and what it held. */
    private static final class Receipt {
        boolean acked;
        final int content;
        final boolean contentKnown;

        Receipt(boolean acked, int content, boolean contentKnown) {
            this.acked = acked;
            this.content = content;
            this.contentKnown = contentKnown;
        }
    }

    private static final class Pending {
        final int qos;
        final int id;
        boolean acked;

        Pending(int qos, int id) {
            this.qos = qos;
            this.id = id;
        }
    }

    /** Whether exceeding the announced Receive Maximum is a protocol error rather than counted. */
    private final boolean strict;

    Inbound(Store store, boolean strict) {
        this.store = store;
        this.strict = strict;
    }

    /** Takes a receipt found in the store at restart: its PUBREC was sent or is owed. */
    void restore(int packetId, byte[] value) {
        boolean known = value.length == 5;
        int content = known ? java.nio.ByteBuffer.wrap(value, 1, 4).getInt() : 0;
        qos2.put(packetId, new Receipt(true, content, known));
    }

    private static long tombstone(int packetId, int content) {
        return ((long) packetId << 32) | (content & 0xFFFFFFFFL);
    }

    /** A fingerprint of a message's topic and payload, to tell a resend from a new message. */
    private static int content(Publish p) {
        return 31 * p.topic().hashCode() + java.util.Arrays.hashCode(p.payload());
    }

    /** Returns whether to deliver an inbound PUBLISH; see {@link Session#onPublish}. */
    boolean onPublish(Publish p, Consumer<Packet> out) {
        if (p.qos() == 0) {
            return true;
        }
        if (p.qos() == 2) {
            Receipt r = qos2.get(p.packetId());
            int content = content(p);
            if (r != null && !p.dup() && r.contentKnown && r.content != content) {
                // [MQTT-3.3.1-1] a resend carries DUP=1. DUP=0 with other content under a held
                // id: the sender reused the id for a new message because it forgot the earlier
                // exchange (a broker restored from an older save does). Suppressing it would lose it.
                r = null;
            }
            if (r == null && p.dup() && released.contains(tombstone(p.packetId(), content))) {
                // sent again after its PUBREL: acknowledge, the PUBREL that follows is answered too
                pubrec(p.packetId(), out);
                return false;
            }
            if (r != null) {
                // [MQTT-4.3.3-2] already received: answer again once acknowledged, never deliver twice
                if (r.acked) {
                    pubrec(p.packetId(), out);
                }
                return false;
            }
            refuseOverReceiveMaximum(p);
            qos2.put(p.packetId(), new Receipt(false, content, true));
            store.put(StoreKey.inbound(p.packetId()),
                    java.nio.ByteBuffer.allocate(5).put((byte) 1).putInt(content).array());
        }
        if (p.qos() == 1) {
            refuseOverReceiveMaximum(p);
        }
        order.add(new Pending(p.qos(), p.packetId()));
        countOverReceiveMaximum();
        return true;
    }

    /**
     * Counts a QoS 1/2 message that takes the broker past the Receive Maximum the client announced.
     * The specification lets the client close the connection with 0x93 [MQTT-3.3.4-9]; Kite does
     * so only when the settings are strict (see {@link #refuseOverReceiveMaximum}),
     * because Mosquitto (2.0, measured) does not keep a client's Receive Maximum: cutting it off
     * would end every busy connection to it. Logged once per connection.
     */
    private void countOverReceiveMaximum() {
        if (!overReceiveMaximum(0)) {
            return;
        }
        overReceiveMaximum++;
        if (!overReceiveMaximumLogged) {
            overReceiveMaximumLogged = true;
            log.info("the broker sent more unacknowledged QoS 1/2 messages than the Receive Maximum of {} the client"
                    + " announced; they are taken all the same (said once per connection)", announcedReceiveMaximum);
        }
    }

    /**
     * Refuses a new QoS 1/2 message (not a resend of one held) that takes the broker past the
     * announced Receive Maximum, when the settings are strict; before anything of it is kept, so
     * the broker sends it again on the next connection.
     */
    private void refuseOverReceiveMaximum(Publish p) {
        if (strict && overReceiveMaximum(1)) {
            throw new MqttProtocolException("PUBLISH " + p.packetId() + " to '" + p.topic() + "' takes the broker past the"
                    + " Receive Maximum of " + announcedReceiveMaximum + " the client announced [MQTT-3.3.4-9]"
                    + " (setStrictReceiveMaximum)", ReasonCode.RECEIVE_MAXIMUM_EXCEEDED.code(), null);
        }
    }

    /**
     * Returns whether the QoS 1/2 messages open on this connection, with {@code more} to come,
     * exceed the Receive Maximum the client announced. A QoS 2 message counts from its PUBLISH
     * to its PUBCOMP (section 4.9): acknowledged with PUBREC, it waits for its PUBREL.
     */
    private boolean overReceiveMaximum(int more) {
        return order.size() + awaitingRelease.size() + more > announcedReceiveMaximum;
    }

    /** A connection was accepted with these limits. */
    void limits(Limits limits) {
        announcedReceiveMaximum = limits.announcedReceiveMaximum();
        overReceiveMaximumLogged = false;
    }

    /** Returns how many messages came beyond the Receive Maximum the client announced. */
    long overReceiveMaximum() {
        return overReceiveMaximum;
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
            Receipt r = qos2.get(packetId);
            if (qos == 2 && r != null && !r.acked) {
                r.acked = true;
                if (out != null) {
                    pubrec(packetId, out);
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
                qos2.get(p.id).acked = true;
                pubrec(p.id, out);
            }
        }
    }

    private void pubrec(int packetId, Consumer<Packet> out) {
        awaitingRelease.add(packetId);
        out.accept(new Pubrec(packetId));
    }

    /** Handles PUBREL: forgets the receipt and answers PUBCOMP, known id or not [MQTT-4.3.3]. */
    void onPubrel(int packetId, Consumer<Packet> out) {
        awaitingRelease.remove(packetId);
        Receipt r = qos2.remove(packetId);
        if (r != null) {
            store.delete(StoreKey.inbound(packetId));
            if (r.contentKnown) {
                released.add(tombstone(packetId, r.content));
                if (released.size() > RELEASED_KEPT) {
                    released.remove(released.iterator().next());
                }
            }
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
        awaitingRelease.clear();
        if (!sessionPresent) {
            qos2.keySet().forEach(id -> store.delete(StoreKey.inbound(id)));
            qos2.clear();
            released.clear();
        } else {
            // [MQTT-4.4.0-1] the broker sends PUBREL again for each PUBREC it had
            qos2.forEach((id, r) -> {
                if (r.acked) {
                    awaitingRelease.add(id);
                }
            });
        }
    }

    /**
     * Returns whether no flow of this connection is open: every message delivered is acknowledged
     * and sent, and every QoS 2 message answered with PUBREC has had its PUBREL.
     */
    boolean isIdle() {
        return order.isEmpty() && awaitingRelease.isEmpty();
    }

    void clear() {
        awaitingRelease.clear();
        order.clear();
        released.clear();
        qos2.clear();
    }
}
