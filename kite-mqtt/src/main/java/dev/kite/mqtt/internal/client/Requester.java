package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.SubscribeToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MQTT 5.0 request/response (section 4.10): a request goes out with a Response Topic of this
 * client's own and Correlation Data naming it; the reply, which the responder publishes to that
 * topic with the same correlation data, completes the request's future. The client subscribes to
 * its response topic once, at its first request. Futures complete on the callback pool, never on
 * the dispatcher or a network thread.
 */
final class Requester {
    private final RealMqttClient c;
    private final String responseTopic = "kite/responses/" + UUID.randomUUID();
    private final Map<String, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    /** The subscription to the response topic; made once, under the client lock. */
    private SubscribeToken subscribed;

    Requester(RealMqttClient client) {
        this.c = client;
    }

    /** See {@code MqttClient.request}. */
    CompletableFuture<Message> request(String topic, byte[] payload, int qos, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + ": must be positive");
        }
        if (!Publisher.speaksV5(c)) {
            throw new IllegalArgumentException("request/response needs MQTT 5.0's response topic and correlation data:"
                    + " this client speaks MQTT 3.1.1 (setProtocolVersion(5))");
        }
        String key = Long.toString(next.incrementAndGet());
        MessageProperties props = MessageProperties.builder().responseTopic(responseTopic)
                .correlationData(key.getBytes(StandardCharsets.UTF_8)).build();
        CompletableFuture<Message> reply = new CompletableFuture<>();
        SubscribeToken sub = subscription();
        // validated before anything is kept: a bad topic or QoS throws here
        pending.put(key, reply);
        ScheduledFuture<?> timer = c.threads.scheduler().schedule(c.threads.named(() -> fail(key, new TimeoutException(
                "no reply to the request on '" + topic + "' within " + timeout.toMillis() + " ms"))),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        reply.whenComplete((m, e) -> timer.cancel(false));
        sub.toCompletableFuture().whenComplete((r, e) -> {
            if (e != null) {
                fail(key, e);
            }
        });
        try {
            // queued after the SUBSCRIBE on the same connection, so the broker has the subscription first
            c.publish(topic, qos, false, payload, props).toCompletableFuture().whenComplete((v, e) -> {
                if (e != null) {
                    fail(key, e);
                }
            });
        } catch (RuntimeException e) {
            pending.remove(key);
            timer.cancel(false);
            throw e;
        }
        return reply;
    }

    private SubscribeToken subscription() {
        c.lock.lock();
        try {
            c.checkOpen();
            if (subscribed == null || (subscribed.isDone() && subscribed.error() != null)) {
                subscribed = c.subscribe(responseTopic, 1, this::onReply);
            }
            return subscribed;
        } finally {
            c.lock.unlock();
        }
    }

    /** A message on the response topic: completes the request its correlation data names. */
    private void onReply(MqttClient client, Message m) {
        Optional<byte[]> correlation = m.properties().correlationData();
        CompletableFuture<Message> reply = correlation.isEmpty() ? null
                : pending.remove(new String(correlation.get(), StandardCharsets.UTF_8));
        if (reply != null) {
            c.threads.callbacks().execute(() -> reply.complete(m));
        }
    }

    /**
     * Fails every request still waiting for its reply with {@code error}: the client is
     * disconnecting, so no reply can arrive any more. Requests made after it fail at the call.
     */
    void failAll(Throwable error) {
        pending.keySet().forEach(key -> fail(key, error));
    }

    private void fail(String key, Throwable error) {
        CompletableFuture<Message> reply = pending.remove(key);
        if (reply != null) {
            c.threads.callbacks().execute(() -> reply.completeExceptionally(
                    error instanceof TimeoutException || error instanceof MqttException ? error
                            : new MqttClientException("request failed: " + error.getMessage(), error)));
        }
    }
}
