package dev.kite.mqtt.fault;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final AtomicInteger total = new AtomicInteger();

    @Override
    public synchronized void handle(MqttClient client, Message message) {
        String[] parts = new String(message.payload(), StandardCharsets.UTF_8).split(":");
        arrivals.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        total.incrementAndGet();
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
        return (int) arrivals.getOrDefault(publisher, List.of()).stream().distinct().count();
    }

    /** Returns how many copies beyond the first arrived for a publisher. */
    synchronized int duplicates(String publisher) {
        List<Integer> all = arrivals.getOrDefault(publisher, List.of());
        return all.size() - distinct(publisher);
    }

    /** Returns the sequence numbers of a publisher in the order of their first arrival. */
    synchronized List<Integer> firstArrivals(String publisher) {
        return arrivals.getOrDefault(publisher, List.of()).stream().distinct().toList();
    }

    /** Returns whether the message arrived at least once. */
    synchronized boolean has(String publisher, int sequence) {
        return arrivals.getOrDefault(publisher, List.of()).contains(sequence);
    }
}
