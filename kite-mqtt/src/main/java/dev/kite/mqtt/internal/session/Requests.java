package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsubscribe;
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
 * SUBSCRIBE and UNSUBSCRIBE flows: requests waiting for a connection, requests on the wire
 * waiting for their SUBACK or UNSUBACK, and resubscribing when the broker has no session. The
 * subscriptions themselves are held in {@link Subscriptions}.
 *
 * <p>A request completes with its codes, one per filter (a 3.1.1 UNSUBACK has none). Under MQTT
 * 5.0 a SUBACK or UNSUBACK whose every code is a refusal (0x80 or more) fails the request with an
 * {@link MqttServerException} carrying the first code and the broker's reason string; one that
 * refuses some filters only completes it, the codes telling which.
 */
final class Requests {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);
    private static final int FILTERS_PER_RESUBSCRIBE = 100;

    /**
     * A SUBSCRIBE or UNSUBSCRIBE and its token; survives reconnects unless abandoned (its ack
     * timed out: the id stays taken until the connection ends, then it is not sent again).
     */
    private record Request(List<Subscribe.Subscription> subscribe, int identifier, List<String> unsubscribe,
                           Completion completion, boolean abandoned) {
        Request(List<Subscribe.Subscription> subscribe, int identifier, List<String> unsubscribe, Completion completion) {
            this(subscribe, identifier, unsubscribe, completion, false);
        }

        Packet packet(int id) {
            if (subscribe == null) {
                return new Unsubscribe(id, unsubscribe);
            }
            Properties p = identifier == 0 ? Properties.EMPTY
                    : Properties.builder().number(Property.SUBSCRIPTION_IDENTIFIER, identifier).build();
            return new Subscribe(id, subscribe, p);
        }

        List<String> filters() {
            return subscribe != null ? subscribe.stream().map(Subscribe.Subscription::filter).toList() : unsubscribe;
        }
    }

    private final PacketIds ids;
    private final AckLog ackLog;
    private final Subscriptions subscriptions;
    /** SUBSCRIBE / UNSUBSCRIBE sent and waiting for their acknowledgement, by packet id. */
    private final LinkedHashMap<Integer, Request> sent = new LinkedHashMap<>();
    /** SUBSCRIBE / UNSUBSCRIBE to send once connected. */
    private final ArrayDeque<Request> later = new ArrayDeque<>();
    private boolean online;
    private Limits limits = Limits.V3;

    Requests(PacketIds ids, AckLog ackLog, Subscriptions subscriptions) {
        this.ids = ids;
        this.ackLog = ackLog;
        this.subscriptions = subscriptions;
    }

    /** See {@link Session#subscribe}. */
    void subscribe(List<Subscribe.Subscription> subs, int identifier, Completion completion, Consumer<Packet> out) {
        Request r = new Request(List.copyOf(subs), identifier, null, completion);
        if (online && refused(r)) {
            return;
        }
        subscriptions.add(subs, identifier);
        send(r, out);
    }

    /** See {@link Session#unsubscribe}. */
    void unsubscribe(List<String> filters, Completion completion, Consumer<Packet> out) {
        Request r = new Request(null, 0, List.copyOf(filters), completion);
        if (online && refused(r)) {
            return;
        }
        subscriptions.remove(filters);
        send(r, out);
    }

    /** See {@link Session#refusal(List, int)}. */
    String refusal(List<Subscribe.Subscription> subs, int identifier) {
        return online ? refusal(new Request(List.copyOf(subs), identifier, null, Completion.NONE)) : null;
    }

    /**
     * Returns why a request cannot be sent on the current connection (see {@link Limits#refusal(Subscribe)}
     * and {@link Limits#tooLarge}), or null if it can.
     */
    private String refusal(Request r) {
        Packet p = r.packet(1);
        return p instanceof Subscribe s ? limits.refusal(s) : limits.tooLarge(p, "UNSUBSCRIBE of " + r.filters());
    }

    /** Fails a request the connection's limits forbid, without sending it; returns whether it did. */
    private boolean refused(Request r) {
        String why = refusal(r);
        if (why == null) {
            return false;
        }
        r.completion().fail(new MqttClientException(why));
        return true;
    }

    /** A connection was accepted with these limits. */
    void limits(Limits limits) {
        this.limits = limits;
    }

    private void send(Request r, Consumer<Packet> out) {
        if (!online) {
            later.add(r);
            return;
        }
        if (refused(r)) {
            // queued while offline, or held for resubscribing, and this connection's broker does not take it
            if (r.completion() == Completion.NONE) {
                log.warn("{}; the subscription is dropped", refusal(r));
            }
            forget(r);
            return;
        }
        int id = ids.take();
        if (id == 0) {
            throw new MqttClientException("no packet id free: 65535 flows are open");
        }
        sent.put(id, r);
        out.accept(r.packet(id));
    }

    /**
     * Handles a SUBACK or an UNSUBACK, {@code codes} its return or reason codes (none for a 3.1.1
     * UNSUBACK).
     *
     * @return whether a request ended and freed its packet id
     * @throws MqttProtocolException see {@link Session#onAck}
     */
    boolean onAck(Packet ack, List<Integer> codes, String what) {
        int id = ack.packetId();
        boolean suback = ack instanceof Suback;
        Request r = sent.get(id);
        if (r != null && !r.abandoned()) {
            checkAnswers(id, r, suback, codes, what);
        }
        sent.remove(id);
        if (r == null) {
            ackLog.ignored(what, id, "no pending request");
            return false;
        }
        ids.release(id);
        if (suback && r.subscribe() != null) {
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < r.subscribe().size() && i < codes.size(); i++) {
                if (codes.get(i) >= Suback.FAILURE) {
                    refused.add(r.subscribe().get(i).filter());
                }
            }
            subscriptions.remove(refused);
        }
        if (limits.v5() && !codes.isEmpty() && codes.stream().allMatch(ReasonCode::isError)) {
            String reason = ack.properties().string(Property.REASON_STRING);
            String request = (suback ? "SUBSCRIBE of " : "UNSUBSCRIBE of ") + r.filters();
            r.completion().fail(codes, new MqttServerException("the broker refused the " + request + " with " + what + " "
                    + ReasonCode.describe(codes.get(0)) + (reason == null ? "" : ": " + reason), codes.get(0), reason, null));
        } else {
            r.completion().complete(codes);
        }
        return true;
    }

    /** The broker answers the request it was sent, one code per filter; checked before any change. */
    private static void checkAnswers(int id, Request r, boolean suback, List<Integer> codes, String what) {
        if (suback != (r.subscribe() != null)) {
            throw new MqttProtocolException(what + " for packet id " + id + ", which is an open "
                    + (r.subscribe() != null ? "SUBSCRIBE" : "UNSUBSCRIBE") + " [MQTT-3.9.3-1] [MQTT-3.11.2-1]");
        }
        int filters = suback ? r.subscribe().size() : r.unsubscribe().size();
        // a 3.1.1 UNSUBACK carries no codes; a 5.0 one carries one per filter
        if ((suback || !codes.isEmpty()) && codes.size() != filters) {
            throw new MqttProtocolException(what + " for packet id " + id + ": " + codes.size()
                    + (suback ? " return codes for " : " reason codes for ") + filters + " topic filters "
                    + (suback ? "[MQTT-3.8.4-5] [MQTT-3.9.3-1]" : "[MQTT-3.11.3-1]"));
        }
    }

    /** A connection was accepted or lost, or the client is closing. */
    void online(boolean online) {
        this.online = online;
    }

    /** A connection was accepted: resubscribes if asked to, then sends the requests that were waiting. */
    void onConnected(boolean resubscribe, Consumer<Packet> out) {
        if (resubscribe) {
            resubscribe(out);
        }
        while (!later.isEmpty()) {
            send(later.poll(), out);
        }
    }

    private void resubscribe(Consumer<Packet> out) {
        Set<String> pending = new HashSet<>();
        later.forEach(r -> {
            if (r.subscribe() != null) {
                r.subscribe().forEach(s -> pending.add(s.filter()));
            }
        });
        for (Subscriptions.Batch batch : subscriptions.batches(FILTERS_PER_RESUBSCRIBE)) {
            List<Subscribe.Subscription> todo = batch.subscriptions().stream()
                    .filter(s -> !pending.contains(s.filter())).filter(this::resubscribable).toList();
            if (!todo.isEmpty()) {
                send(new Request(todo, batch.identifier(), null, Completion.NONE), out);
            }
        }
    }

    /**
     * Returns whether a held subscription may go to this connection's broker on its own; one it
     * cannot take (a wildcard or shared filter the CONNACK rules out) is dropped, with a warning,
     * so that it does not sink the batch it would go in.
     */
    private boolean resubscribable(Subscribe.Subscription s) {
        String why = limits.refusal(new Subscribe(1, List.of(s), Properties.EMPTY));
        if (why == null) {
            return true;
        }
        log.warn("{}; the subscription is dropped", why);
        subscriptions.remove(List.of(s.filter()));
        return false;
    }

    /** See {@link Session#onConnectionLost}. */
    void onConnectionLost() {
        List<Request> again = new ArrayList<>();
        for (Map.Entry<Integer, Request> e : sent.entrySet()) {
            ids.release(e.getKey());
            if (e.getValue().abandoned()) {
                continue;
            }
            // resubscribes too: a broker that reports its session present next time may never
            // have seen them; without a session, resubscribe() skips filters already pending
            again.add(e.getValue());
        }
        sent.clear();
        for (int i = again.size() - 1; i >= 0; i--) {
            later.addFirst(again.get(i));
        }
    }

    /** See {@link Session#abandon}. */
    boolean abandon(Completion completion) {
        for (Map.Entry<Integer, Request> e : sent.entrySet()) {
            Request r = e.getValue();
            if (r.completion() == completion && !r.abandoned()) {
                e.setValue(new Request(r.subscribe(), r.identifier(), r.unsubscribe(), Completion.NONE, true));
                forget(r);
                return true;
            }
        }
        for (Request r : later) {
            if (r.completion() == completion) {
                later.remove(r);
                forget(r);
                return false;
            }
        }
        return false;
    }

    private void forget(Request r) {
        if (r.subscribe() != null) {
            subscriptions.remove(r.subscribe().stream().map(Subscribe.Subscription::filter).toList());
        }
    }

    /** Fails every request's token; {@link #clear} follows. */
    void failAll(Throwable error) {
        sent.values().forEach(r -> r.completion().fail(error));
        later.forEach(r -> r.completion().fail(error));
    }

    void clear() {
        sent.clear();
        later.clear();
    }

    boolean isIdle() {
        return sent.isEmpty() && later.isEmpty();
    }
}
