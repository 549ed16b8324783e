package dev.kite.mqtt.fault;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a subscriber received in fault tests: payloads are {@code publisher:sequence}.
 * Counts every copy, so duplicates, losses and order per publisher can be checked.
 */
final class Ledger implements MessageHandler {
    private final Map<String, List<Integer>> arrivals = new HashMap<>();
    private final Map<String, BitSet> seen = new HashMap<>();
    /** Copies that arrived in a later phase than the first copy of the same message. */
    private final Map<String, Integer> acrossPhases = new HashMap<>();
    private final Map<String, Map<Integer, Integer>> firstPhase = new HashMap<>();
    private volatile int phase;
    private final Map<String, Map<Integer, List<String>>> copies = new HashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile java.util.function.IntConsumer onArrival = n -> { };

    /** Calls {@code action} with the running total after each arrival, on the handler thread. */
    void onArrival(java.util.function.IntConsumer action) {
        this.onArrival = action;
    }

    @Override
    public synchronized void handle(MqttClient client, Message message) {
        String[] parts = new String(message.payload(), StandardCharsets.UTF_8).split(":");
        int sequence = Integer.parseInt(parts[1]);
        copies.computeIfAbsent(parts[0], k -> new HashMap<>()).computeIfAbsent(sequence, k -> new ArrayList<>())
                .add("phase " + phase + " dup " + message.duplicate() + " id " + message.messageId());
        Integer first = firstPhase.computeIfAbsent(parts[0], k -> new HashMap<>()).putIfAbsent(sequence, phase);
        if (first != null && first != phase) {
            acrossPhases.merge(parts[0], 1, Integer::sum);
        }
        arrivals.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(sequence);
        seen.computeIfAbsent(parts[0], k -> new BitSet()).set(sequence);
        onArrival.accept(total.incrementAndGet());
    }

    static byte[] payload(String publisher, int sequence) {
        return (publisher + ":" + sequence).getBytes(StandardCharsets.UTF_8);
    }

    /** Returns how many copies arrived, duplicates included. */
    int total() {
        return total.get();
    }

    /** Returns how many distinct messages of a publisher arrived. */
    synchronized int distinct(String publisher) {
        return seen.getOrDefault(publisher, new BitSet()).cardinality();
    }

    /** Returns how many copies beyond the first arrived for one message. */
    synchronized int copiesBeyondFirst(String publisher, int sequence) {
        List<String> list = copies.getOrDefault(publisher, Map.of()).get(sequence);
        return list == null ? 0 : list.size() - 1;
    }

    /** Returns how many copies beyond the first arrived for a publisher. */
    synchronized int duplicates(String publisher) {
        List<Integer> all = arrivals.getOrDefault(publisher, List.of());
        return all.size() - distinct(publisher);
    }

    /** Starts a new phase (after a broker crash, say); see {@link #duplicatesAcrossPhases}. */
    void nextPhase() {
        phase++;
    }

    /** Returns how many copies arrived in a later phase than the message's first copy. */
    synchronized int duplicatesAcrossPhases(String publisher) {
        return acrossPhases.getOrDefault(publisher, 0);
    }

    /** Describes every copy of the messages of a publisher that arrived more than once. */
    synchronized String describeDuplicates(String publisher) {
        StringBuilder b = new StringBuilder();
        copies.getOrDefault(publisher, Map.of()).forEach((seq, list) -> {
            if (list.size() > 1) {
                b.append(seq).append(": ").append(list).append('\n');
            }
        });
        return b.toString();
    }

    /** Returns the sequence numbers of a publisher in the order of their first arrival. */
    synchronized List<Integer> firstArrivals(String publisher) {
        return arrivals.getOrDefault(publisher, List.of()).stream().distinct().toList();
    }

    /** Returns whether the message arrived at least once. */
    synchronized boolean has(String publisher, int sequence) {
        BitSet b = seen.get(publisher);
        return b != null && b.get(sequence);
    }
}
