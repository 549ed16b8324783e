package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.internal.packet.Packet;
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

/**
 * SUBSCRIBE and UNSUBSCRIBE flows: requests waiting for a connection, requests on the wire
 * waiting for their SUBACK or UNSUBACK, and resubscribing when the broker has no session. The
 * subscriptions themselves are held in {@link Subscriptions}.
 */
final class Requests {
    private static final int FILTERS_PER_RESUBSCRIBE = 100;

    /**
     * A SUBSCRIBE or UNSUBSCRIBE and its token; survives reconnects unless abandoned (its ack
     * timed out: the id stays taken until the connection ends, then it is not sent again).
     */
    private record Request(List<Subscribe.Subscription> subscribe, List<String> unsubscribe, Completion completion,
                           boolean abandoned) {
        Request(List<Subscribe.Subscription> subscribe, List<String> unsubscribe, Completion completion) {
            this(subscribe, unsubscribe, completion, false);
        }

        Packet packet(int id) {
            return subscribe != null ? new Subscribe(id, subscribe) : new Unsubscribe(id, unsubscribe);
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

    Requests(PacketIds ids, AckLog ackLog, Subscriptions subscriptions) {
        this.ids = ids;
        this.ackLog = ackLog;
        this.subscriptions = subscriptions;
    }

    /** See {@link Session#subscribe}. */
    void subscribe(List<Subscribe.Subscription> subs, Completion completion, Consumer<Packet> out) {
        subscriptions.add(subs);
        send(new Request(List.copyOf(subs), null, completion), out);
    }

    /** See {@link Session#unsubscribe}. */
    void unsubscribe(List<String> filters, Completion completion, Consumer<Packet> out) {
        subscriptions.remove(filters);
        send(new Request(null, List.copyOf(filters), completion), out);
    }

    private void send(Request r, Consumer<Packet> out) {
        if (!online) {
            later.add(r);
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
     * Handles a SUBACK ({@code codes} its return codes) or an UNSUBACK ({@code codes} null).
     *
     * @return whether a request ended and freed its packet id
     * @throws MqttProtocolException see {@link Session#onAck}
     */
    boolean onAck(int id, List<Integer> codes, String what) {
        Request r = sent.get(id);
        if (r != null && !r.abandoned()) {
            checkAnswers(id, r, codes, what);
        }
        sent.remove(id);
        if (r == null) {
            ackLog.ignored(what, id, "no pending request");
            return false;
        }
        ids.release(id);
        if (codes != null && r.subscribe() != null) {
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < r.subscribe().size() && i < codes.size(); i++) {
                if (codes.get(i) == Suback.FAILURE) {
                    refused.add(r.subscribe().get(i).filter());
                }
            }
            subscriptions.remove(refused);
        }
        r.completion().complete(codes);
        return true;
    }

    /** The broker answers the request it was sent, one return code per filter; checked before any change. */
    private static void checkAnswers(int id, Request r, List<Integer> codes, String what) {
        if (codes == null ? r.subscribe() != null : r.subscribe() == null) {
            throw new MqttProtocolException(what + " for packet id " + id + ", which is an open "
                    + (r.subscribe() != null ? "SUBSCRIBE" : "UNSUBSCRIBE") + " [MQTT-3.9.3-1] [MQTT-3.11.2-1]");
        }
        if (codes != null && codes.size() != r.subscribe().size()) {
            throw new MqttProtocolException("SUBACK for packet id " + id + ": " + codes.size()
                    + " return codes for " + r.subscribe().size() + " topic filters [MQTT-3.8.4-5] [MQTT-3.9.3-1]");
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
        for (List<Subscribe.Subscription> batch : subscriptions.batches(FILTERS_PER_RESUBSCRIBE)) {
            List<Subscribe.Subscription> todo = batch.stream().filter(s -> !pending.contains(s.filter())).toList();
            if (!todo.isEmpty()) {
                send(new Request(todo, null, Completion.NONE), out);
            }
        }
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
                e.setValue(new Request(r.subscribe(), r.unsubscribe(), Completion.NONE, true));
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
