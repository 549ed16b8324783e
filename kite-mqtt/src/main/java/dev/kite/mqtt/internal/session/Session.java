package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.store.Store;
import dev.kite.mqtt.store.StoreKey;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol state of one MQTT session, free of I/O and threads: packet ids, the outbound
 * in-flight window and the queue behind it, QoS 1/2 flows, SUBSCRIBE/UNSUBSCRIBE flows, the
 * subscriptions held, inbound flows. It takes packets in and hands packets to send to an outbox.
 * What must outlive the process is written to the store as it changes.
 *
 * <p>The one entry point for the client; the work is done by {@link Outbound} (publishes),
 * {@link Requests} (SUBSCRIBE/UNSUBSCRIBE), {@link Subscriptions} (what is held) and
 * {@link Inbound} (messages from the broker), which share one {@link PacketIds} and one
 * {@link AckLog}.
 *
 * <p>Not thread-safe: the client calls it under one lock.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    /**
     * How the session behaves.
     *
     * @param maxInflight the outbound window, 1 to 65535
     * @param maxQueued how many messages may wait behind the window (or for a connection)
     * @param maxResumeInFlight how many stored flows are resent at once on resume, 0 for all
     * @param resubscribe whether to send the subscriptions again when the broker has no session
     * @param persistSubscriptions whether subscriptions are written to the store
     * @param strictReceiveMaximum whether a broker exceeding the Receive Maximum the client
     *     announced (MQTT 5.0) is a protocol error (0x93) rather than counted
     */
    public record Settings(int maxInflight, int maxQueued, int maxResumeInFlight, boolean resubscribe,
                           boolean persistSubscriptions, boolean strictReceiveMaximum) {
        /** Settings that count a Receive Maximum overrun and take the messages. */
        public Settings(int maxInflight, int maxQueued, int maxResumeInFlight, boolean resubscribe,
                        boolean persistSubscriptions) {
            this(maxInflight, maxQueued, maxResumeInFlight, resubscribe, persistSubscriptions, false);
        }
    }

    private final Store store;
    private final Settings settings;
    private final PacketIds ids = new PacketIds();
    private final AckLog ackLog = new AckLog();
    private final Outbound outbound;
    private final Subscriptions subscriptions;
    private final Requests requests;
    private final Inbound inbound;
    /** Connection-scoped: the broker's topic aliases of the current connection. */
    private final TopicAliases aliases = new TopicAliases();

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
        this.settings = settings;
        this.outbound = new Outbound(store, settings, ids, ackLog);
        this.subscriptions = new Subscriptions(store, settings.persistSubscriptions());
        this.requests = new Requests(ids, ackLog, subscriptions);
        this.inbound = new Inbound(store, settings.strictReceiveMaximum());
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
                        outbound.restore(key, Records.readOutbound(value));
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

    /**
     * Takes an outbound message: stored (QoS 1/2) before this returns, sent now if online and the
     * window has room, otherwise queued in order.
     *
     * @throws MqttClientException if the queue behind the window is full; nothing was kept
     */
    public void publish(Publish publish, Completion completion, Consumer<Packet> out) {
        outbound.publish(publish, completion, out);
    }

    /**
     * Starts a SUBSCRIBE flow; the subscriptions are held from now on, for resubscribing. One the
     * connection's limits forbid (see {@link #refusal(List, int)}) fails its completion instead.
     */
    public void subscribe(List<Subscribe.Subscription> subs, Completion completion, Consumer<Packet> out) {
        requests.subscribe(subs, 0, completion, out);
    }

    /**
     * Starts an MQTT 5.0 SUBSCRIBE flow whose filters share a subscription identifier; held from
     * now on, identifier and options included, for resubscribing.
     *
     * @param subscriptionIdentifier 1 to 268,435,455, or 0 for none
     */
    public void subscribe(List<Subscribe.Subscription> subs, int subscriptionIdentifier, Completion completion,
                          Consumer<Packet> out) {
        requests.subscribe(subs, subscriptionIdentifier, completion, out);
    }

    /**
     * Returns why a PUBLISH cannot go out on the current connection, or null: above the broker's
     * Maximum QoS, retained where it takes none, or larger than its Maximum Packet Size (see
     * {@link Limits#refusal}). For the QoS 0 path that does not pass through the session;
     * {@link #publish} checks it itself and fails the completion.
     */
    public String refusal(Publish p) {
        return outbound.refusal(p);
    }

    /**
     * Returns why a SUBSCRIBE of these filters cannot go out on the current connection, or null
     * (also while offline: a request queued then is checked when it is sent): a wildcard, a shared
     * filter or a subscription identifier the broker's CONNACK said it does not take, or a packet
     * larger than its Maximum Packet Size (see {@link Limits#refusal(Subscribe)}).
     * {@link #subscribe} checks it itself and fails the completion; the client asks first so that
     * a refused subscription adds no route.
     */
    public String refusal(List<Subscribe.Subscription> subs, int subscriptionIdentifier) {
        return requests.refusal(subs, subscriptionIdentifier);
    }

    /**
     * Starts an UNSUBSCRIBE flow; the subscriptions are no longer held. One larger than the
     * broker's Maximum Packet Size fails its completion and is not sent; the filters stay held.
     */
    public void unsubscribe(List<String> filters, Completion completion, Consumer<Packet> out) {
        requests.unsubscribe(filters, completion, out);
    }

    /**
     * Handles an acknowledgement from the broker: PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK.
     * PUBREL is inbound QoS 2: see {@link #onPubrel}. An acknowledgement for an id with no open
     * flow is ignored and counted ({@link #ignoredAcks}); a PUBREC for one is answered with
     * PUBREL. One of the wrong type for an open publish never leaves it hanging (see
     * docs/RELIABILITY.md, "Secrets and acknowledgements"): a PUBACK ends any publish as
     * delivered (a broker that takes QoS 2 at QoS 1), a PUBREC releases a QoS 1 publish too, and
     * a PUBCOMP before any PUBREC fails the publish and throws. Under MQTT 5.0 a PUBACK or PUBREC
     * with a reason code of 0x80 or more fails its publish with an {@code MqttServerException}
     * and ends the flow (no resend, no PUBREL); a SUBACK or UNSUBACK refusing every filter fails
     * its request the same way, with the codes as its result.
     *
     * @throws MqttProtocolException if a SUBACK or UNSUBACK answers the other kind of request, or a
     *     SUBACK's return codes (or a 5.0 UNSUBACK's reason codes) do not match the filters one for
     *     one (the session is unchanged);
     *     or if a PUBCOMP answers a publish that had no PUBREC (that publish has failed and is
     *     forgotten); the connection must be closed [MQTT-4.8.0-1]
     */
    public void onAck(Packet ack, Consumer<Packet> out) {
        int id = ack.packetId();
        if (ack instanceof Puback) {
            outbound.onPuback(ack, out);
        } else if (ack instanceof Pubcomp) {
            outbound.onPubcomp(id, out);
        } else if (ack instanceof Pubrec) {
            outbound.onPubrec(ack, out);
        } else if (ack instanceof Suback s) {
            // the packet id it frees may be the one a queued message waits for
            if (requests.onAck(ack, s.returnCodes(), "SUBACK")) {
                outbound.admitWaiting(out);
            }
        } else if (ack instanceof Unsuback u) {
            if (requests.onAck(ack, u.reasonCodes(), "UNSUBACK")) {
                outbound.admitWaiting(out);
            }
        } else {
            throw new IllegalArgumentException("not an acknowledgement: " + ack);
        }
    }

    /**
     * Handles an inbound PUBLISH.
     *
     * @return whether to deliver it; false for a QoS 2 message already received and not yet
     *     released [MQTT-4.3.3-2], for which a PUBREC is sent again if it was sent before
     * @throws MqttProtocolException with reason code 0x93 if the message takes the broker past the
     *     Receive Maximum the client announced and the settings are strict; it is not taken and
     *     the connection must be closed [MQTT-3.3.4-9]
     */
    public boolean onPublish(Publish p, Consumer<Packet> out) {
        return inbound.onPublish(p, out);
    }

    /**
     * Returns an inbound PUBLISH with its topic, resolving an MQTT 5.0 topic alias the broker set
     * on this connection; call it before {@link #onPublish}.
     *
     * @throws MqttProtocolException for an alias out of the range the client announced, or one never
     *     mapped: the connection must be closed
     */
    public Publish resolveTopic(Publish p) {
        return aliases.resolve(p);
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
        onConnected(sessionPresent, Limits.V3, out);
    }

    /**
     * A connection was accepted with the limits of its CONNACK; see {@link #onConnected(boolean, Consumer)}.
     *
     * @param limits the protocol version and what the broker allows on this connection
     */
    public void onConnected(boolean sessionPresent, Limits limits, Consumer<Packet> out) {
        outbound.limits(limits);
        requests.limits(limits);
        inbound.limits(limits);
        aliases.reset(limits.announcedTopicAliasMaximum());
        outbound.online(true);
        requests.online(true);
        ackLog.newConnection();
        inbound.onConnected(sessionPresent);
        requests.onConnected(!sessionPresent && settings.resubscribe(), out);
        outbound.resume(sessionPresent, out);
    }

    /**
     * The connection was lost: SUBSCRIBE/UNSUBSCRIBE waiting for an answer will be sent again on
     * the next connection; publishes stay for resend.
     */
    public void onConnectionLost() {
        outbound.online(false);
        requests.online(false);
        requests.onConnectionLost();
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
        return requests.abandon(completion);
    }

    /**
     * Returns how many QoS 1/2 messages the broker sent beyond the Receive Maximum the client
     * announced (MQTT 5.0); they were taken, not refused.
     */
    public long overReceiveMaximum() {
        return inbound.overReceiveMaximum();
    }

    /** Returns how many acknowledgements came for ids with no open flow and were ignored. */
    public long ignoredAcks() {
        return ackLog.ignoredCount();
    }

    /** Fails every open flow (the client is closing) and empties the session's memory. */
    public void failAll(Throwable error) {
        outbound.online(false);
        requests.online(false);
        outbound.failAll(error);
        requests.failAll(error);
        outbound.clear();
        requests.clear();
        inbound.clear();
        ids.clear();
    }

    /** Returns how many outbound QoS 1/2 flows are in the window. */
    public int inflightCount() {
        return outbound.inflightCount();
    }

    /** Returns how many outbound messages wait for the window or a connection. */
    public int waitingCount() {
        return outbound.waitingCount();
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
        return outbound.isIdle() && requests.isIdle();
    }
}
