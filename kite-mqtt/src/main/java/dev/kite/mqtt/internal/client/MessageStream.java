package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttServerException;
import dev.kite.mqtt.Qos;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.TopicFilter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of one filter as a {@link Flow.Publisher}: {@code MqttClient.messages}. Each
 * {@code subscribe} subscribes the filter (its own SUBSCRIBE) with a {@link StreamSubscription}
 * as its handler; {@code cancel} unsubscribes it. The client routes one handler per filter, so a
 * filter streams to one Flow subscriber at a time: another gets {@code onError}.
 */
public final class MessageStream implements Flow.Publisher<Message> {
    private static final Logger log = LoggerFactory.getLogger(MessageStream.class);

    private final RealMqttClient client;
    private final String filter;
    private final int qos;

    private MessageStream(RealMqttClient client, String filter, int qos) {
        this.client = client;
        this.filter = TopicFilter.validate(filter);
        this.qos = Qos.check(qos);
    }

    /**
     * Returns the stream of a client's messages on {@code filter}.
     *
     * @throws IllegalArgumentException if the filter or QoS is invalid
     * @throws UnsupportedOperationException if {@code client} is not Kite's own
     */
    public static Flow.Publisher<Message> of(MqttClient client, String filter, int qos) {
        if (!(client instanceof RealMqttClient real)) {
            throw new UnsupportedOperationException(client.getClass().getName() + " has no message stream");
        }
        return new MessageStream(real, filter, qos);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Message> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (Reactive Streams rule 1.9)");
        Map<String, StreamSubscription> streams = client.delivery.streams;
        StreamSubscription s = new StreamSubscription(subscriber, this::ended);
        boolean mine = streams.putIfAbsent(filter, s) == null;
        s.start();
        if (!mine) {
            s.fail(new IllegalStateException("filter '" + filter + "' already streams to a Flow subscriber of"
                    + " this client: one at a time per filter (cancel the other first)"));
            return;
        }
        if (s.isEnded()) {
            return;
        }
        SubscribeToken token;
        try {
            token = client.subscribe(filter, qos, s);
        } catch (RuntimeException e) {
            s.fail(e);
            return;
        }
        if (!s.markSubscribed()) {
            unsubscribe();
            return;
        }
        token.toCompletableFuture().whenComplete((granted, error) -> {
            Integer code = granted == null ? null : granted.get(filter);
            if (error != null && isDisconnected()) {
                s.complete(); // disconnect failed the SUBSCRIBE: the stream ends as disconnect ends it
            } else if (error != null) {
                s.fail(error);
            } else if (code != null && code >= 0x80) {
                s.fail(new MqttServerException("subscribe to '" + filter + "' refused", code));
            }
        });
    }

    private void ended(StreamSubscription s, boolean subscribed, boolean unsubscribe) {
        client.delivery.streams.remove(filter, s);
        if (subscribed && unsubscribe) {
            unsubscribe();
        }
    }

    /** Returns whether a disconnect or close is under way or done (and no connect since). */
    private boolean isDisconnected() {
        client.lock.lock();
        try {
            return client.closed || client.stopping || client.disconnected;
        } finally {
            client.lock.unlock();
        }
    }

    private void unsubscribe() {
        try {
            client.unsubscribe(filter);
        } catch (IllegalStateException e) {
            log.debug("'{}' not unsubscribed: {}", filter, e.getMessage());
        }
    }
}
