package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.UnsubscribeToken;
import dev.kite.mqtt.internal.packet.Subscribe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client's subscribe and unsubscribe path: routes, the request through the session under the
 * client lock, and the ack timeout that fails a request the broker does not answer.
 */
final class Subscriptions {
    private final RealMqttClient c;

    Subscriptions(RealMqttClient client) {
        this.c = client;
    }

    SubscribeToken subscribe(String filter, int qos, MessageHandler handler) {
        Map<String, Integer> one = new LinkedHashMap<>();
        one.put(filter, qos);
        return subscribeMultiple(one, handler);
    }

    SubscribeToken subscribeMultiple(Map<String, Integer> filters, MessageHandler handler) {
        return subscribe(Requests.subscriptions(filters), 0, handler);
    }

    /** See {@code MqttClient.subscribe(List, MessageHandler)}. */
    SubscribeToken subscribe(List<Subscription> subscriptions, MessageHandler handler) {
        boolean v5 = subscriptions != null && subscriptions.stream().anyMatch(s -> s != null && !isPlain(s))
                && Publisher.speaksV5(c);
        Requests.SubscribeRequest subs = Requests.subscriptions(subscriptions, v5);
        return subscribe(subs.entries(), subs.identifier(), handler);
    }

    /** Whether a subscription has nothing of MQTT 5.0 beyond a filter and a QoS. */
    private static boolean isPlain(Subscription s) {
        return !s.noLocal() && !s.retainAsPublished() && s.retainHandling() == 0 && s.subscriptionIdentifier().isEmpty();
    }

    private SubscribeToken subscribe(List<Subscribe.Subscription> subs, int identifier, MessageHandler handler) {
        List<String> filters = subs.stream().map(Subscribe.Subscription::filter).toList();
        Tokens.Subscribe token = new Tokens.Subscribe(filters, c.threads.callbacks());
        c.lock.lock();
        try {
            c.checkOpen();
            String refusal = c.state == ConnectionState.CONNECTED ? c.session.refusal(subs, identifier) : null;
            if (refusal != null) {
                // what the broker's CONNACK rules out fails here, unsent: sending it would end the connection
                token.fail(new MqttClientException(refusal));
                return token;
            }
            if (handler != null) {
                subs.forEach(sub -> c.delivery.route(TopicFilter.parse(sub.filter()), handler));
            }
            if (identifier != 0 && handler != null) {
                c.delivery.routeIdentifier(identifier, filters, handler);
            }
            if (c.state == ConnectionState.DISCONNECTED && !c.disconnected) {
                token.fail(new MqttClientException("not connected: call connect() first"));
            } else {
                c.session.subscribe(subs, identifier, token, c.outbox(c.connection));
                boundAck(token, "SUBACK", "SUBSCRIBE of " + filters);
            }
        } finally {
            c.lock.unlock();
        }
        return token;
    }

    /** See {@code MqttClient.addRoute}. */
    void addRoute(String filter, MessageHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        c.lock.lock();
        try {
            c.checkOpen();
        } finally {
            c.lock.unlock();
        }
        c.delivery.route(TopicFilter.parse(filter), handler);
    }

    UnsubscribeToken unsubscribe(String... filters) {
        List<String> list = Requests.filters(filters);
        Tokens.Unsubscribe token = new Tokens.Unsubscribe(list, c.threads.callbacks());
        c.lock.lock();
        try {
            c.checkOpen();
            list.forEach(c.delivery::unroute);
            if (c.state == ConnectionState.DISCONNECTED && !c.disconnected) {
                token.fail(new MqttClientException("not connected: call connect() first"));
            } else {
                c.session.unsubscribe(list, token, c.outbox(c.connection));
                boundAck(token, "UNSUBACK", "UNSUBSCRIBE of " + list);
            }
        } finally {
            c.lock.unlock();
        }
        return token;
    }

    /**
     * Fails a SUBSCRIBE/UNSUBSCRIBE token whose acknowledgement has not come within the ack
     * timeout, abandons the request and, if it was sent on the current connection, closes that
     * connection (see {@link dev.kite.mqtt.ClientOptions#setAckTimeout}).
     */
    private void boundAck(BaseToken token, String ack, String request) {
        assert c.lock.isHeldByCurrentThread();
        if (token.isDone()) {
            return;
        }
        Duration bound = c.config.ackTimeout();
        ScheduledFuture<?> timer = c.threads.scheduler().schedule(c.threads.named(Threads.guarded(() -> {
            MqttConnectionException timeout = new MqttConnectionException("no " + ack + " within "
                    + bound.toMillis() + " ms for the " + request + " (setAckTimeout)");
            Connection drop = null;
            c.lock.lock();
            try {
                if (token.isDone()) {
                    return;
                }
                if (c.session.abandon(token)) {
                    drop = c.connection;
                }
                token.fail(timeout);
            } finally {
                c.lock.unlock();
            }
            if (drop != null) {
                drop.fail(timeout);
            }
        }, e -> token.fail(new MqttConnectionException("the " + ack + " timeout of the " + request + " failed: " + e, e)))),
                bound.toNanos(), TimeUnit.NANOSECONDS);
        token.future.whenComplete((r, e) -> timer.cancel(false));
    }
}
