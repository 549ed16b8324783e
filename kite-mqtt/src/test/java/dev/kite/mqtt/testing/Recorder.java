package dev.kite.mqtt.testing;

import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A message handler that records what it receives, for assertions. */
public final class Recorder implements MessageHandler {
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    @Override
    public void handle(MqttClient client, Message message) {
        messages.add(message);
    }

    /** Returns the messages so far, in arrival order. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Returns the payloads so far as UTF-8 strings. */
    public List<String> payloads() {
        return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    /** Waits until at least {@code n} messages arrived, failing after {@code timeout}. */
    public List<Message> awaitCount(int n, Duration timeout) {
        await().atMost(timeout).until(() -> messages.size() >= n);
        return messages();
    }

    /** Returns how many messages arrived. */
    public int count() {
        return messages.size();
    }
}
