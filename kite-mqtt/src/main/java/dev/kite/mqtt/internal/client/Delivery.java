package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.router.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands received messages to their handlers: the routes, the default handler, the dispatcher
 * they run on, and the acknowledgement once every matching handler returned.
 *
 * <p>When handlers run in order on the dispatcher's thread, the acknowledgements of a burst of
 * messages are queued in one {@link Writer.Batch} of the connection's writer, which wakes it once
 * when the burst ends, so they leave in one write rather than one each. A burst ends when no message waits,
 * after 32 messages or once 100 µs have passed: an acknowledgement waits at most the next
 * handler's run time more.
 * A handler's own publishes wake the writer as usual.
 *
 * <p>Under MQTT 5.0 a message that carries subscription identifiers goes to the handlers
 * subscribed with those identifiers, when every one of them is known; otherwise, and always under
 * 3.1.1, to the handlers of the filters its topic matches. A broker sends a message that matches
 * two overlapping subscriptions once per subscription (Mosquitto does), each copy with its own
 * identifier, so matching by topic would run both handlers for each copy.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final MqttClient client;
    private final Router<MessageHandler> router = new Router<>();
    /** Subscription identifier to the handler subscribed with it and the filters it still covers. */
    private final Map<Integer, IdentifierRoute> byIdentifier = new ConcurrentHashMap<>();
    private final MessageHandler defaultHandler;
    private final boolean autoAck;
    private final boolean ordered;
    private final Dispatcher dispatcher;
    private final LongAdder delivered = new LongAdder();
    /** The client's observers, or null: then no clock is read per message. */
    private final ClientObserver observer;
    /** The open {@link MessageStream} subscriptions, filter to subscription; {@link #stop} completes them. */
    final Map<String, StreamSubscription> streams = new ConcurrentHashMap<>();
    /** The open batch of the current burst's acknowledgements, or null; the dispatcher thread's only. */
    private Writer.Batch acks;
    /** The connection {@link #acks} belongs to. */
    private Connection acksOn;

    Delivery(MqttClient client, MessageHandler defaultHandler, boolean autoAck, boolean ordered, int depth,
             long maxBytes, ClientThreads threads, ClientObserver observer) {
        this.client = client;
        this.observer = observer;
        this.defaultHandler = defaultHandler;
        this.autoAck = autoAck;
        this.ordered = ordered;
        // handlers run on the application's executor when it gave one, one burst at a time if ordered
        this.dispatcher = new Dispatcher(ordered, depth, maxBytes, threads.logName(), threads.callbacks(),
                threads.hasOwnExecutor() ? null : task -> threads.start("dispatch", task), this::afterBurst);
    }

    /** Returns the dispatcher the handlers run on. */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Adds or replaces the handler of a filter. */
    void route(TopicFilter filter, MessageHandler handler) {
        router.add(filter, handler);
    }

    /** Removes the handler of a filter. */
    void unroute(String filter) {
        router.remove(filter);
        if (!byIdentifier.isEmpty()) {
            byIdentifier.replaceAll((id, r) -> r.without(filter));
            byIdentifier.values().removeIf(r -> r.filters().isEmpty());
        }
    }

    /** Routes the messages that carry a subscription identifier to the handler subscribed with it. */
    void routeIdentifier(int identifier, List<String> filters, MessageHandler handler) {
        byIdentifier.put(identifier, new IdentifierRoute(List.copyOf(filters), handler));
    }

    private record IdentifierRoute(List<String> filters, MessageHandler handler) {
        IdentifierRoute without(String filter) {
            List<String> rest = new ArrayList<>(filters);
            rest.remove(filter);
            return rest.size() == filters.size() ? this : new IdentifierRoute(List.copyOf(rest), handler);
        }
    }

    /** The handlers of a message: by its subscription identifiers if all are known, else by its topic. */
    private List<MessageHandler> handlersOf(ReceivedMessage message) {
        if (!byIdentifier.isEmpty()) {
            List<Integer> ids = message.properties().subscriptionIdentifiers();
            List<MessageHandler> handlers = new ArrayList<>(ids.size());
            for (int id : ids) {
                IdentifierRoute r = byIdentifier.get(id);
                if (r == null) {
                    handlers = null;
                    break;
                }
                if (!handlers.contains(r.handler())) {
                    handlers.add(r.handler());
                }
            }
            if (handlers != null && !handlers.isEmpty()) {
                return handlers;
            }
        }
        return router.match(message.topic());
    }

    /**
     * Queues a message for its handlers, waiting while the dispatcher is full (backpressure).
     * Called on the reader thread.
     */
    void deliver(ReceivedMessage message) {
        if (observer != null) {
            observer.received(client, message.qos(), message.payload().length);
        }
        try {
            if (!dispatcher.deliver(new Handling(message))) {
                log.debug("dropped {}: the client is closing", message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the handlers for the messages queued since the last call. Called on the reader thread. */
    void wake() {
        dispatcher.wake();
    }

    /** The delivery of one message; it holds the message's payload and topic of the byte bound. */
    private final class Handling extends Dispatcher.Job {
        private final ReceivedMessage message;

        Handling(ReceivedMessage message) {
            super((long) message.payload().length + message.topic().length());
            this.message = message;
        }

        @Override
        public void run() {
            handle(message);
        }
    }

    /** Runs on the dispatcher: every matching handler once, then the acknowledgement. */
    private void handle(ReceivedMessage message) {
        List<MessageHandler> handlers = handlersOf(message);
        if (handlers.isEmpty() && defaultHandler != null) {
            handlers = List.of(defaultHandler);
        }
        if (handlers.isEmpty()) {
            log.debug("no handler for {}; acknowledged and dropped", message);
        }
        long started = observer == null ? 0 : System.nanoTime();
        for (MessageHandler h : handlers) {
            try {
                h.handle(client, message);
            } catch (RuntimeException | Error e) {
                // [MQTT-4.5.0-2] the message is still acknowledged; the subscription lives on
                log.error("message handler threw on {}; the client goes on", message, e);
            }
        }
        if (observer != null) {
            observer.handled(client, System.nanoTime() - started);
        }
        delivered.increment();
        if (autoAck) {
            if (ordered) {
                message.ack(burstOn(message.connection()));
            } else {
                message.ack();
            }
        }
    }

    /**
     * Returns the burst's open batch of {@code c}'s writer, opening it if needed and closing one
     * of an earlier connection.
     */
    private Writer.Batch burstOn(Connection c) {
        if (acksOn != c) {
            afterBurst();
            acks = c.writer().batch();
            acksOn = c;
        }
        return acks;
    }

    /**
     * Ends a burst: its acknowledgements are written on this thread when the connection is quiet
     * (a lone message's PUBACK then needs no wake-up of the writer), handed to the writer otherwise.
     */
    private void afterBurst() {
        Writer.Batch b = acks;
        if (b != null) {
            acks = null;
            acksOn = null;
            b.closeWritingHere();
        }
    }

    /** Returns how many messages were handed to handlers. */
    long delivered() {
        return delivered.sum();
    }

    /** Stops taking messages; those not yet started are dropped, a blocked reader is released. */
    void shutdown() {
        dispatcher.shutdown();
    }

    /** Takes messages again after {@link #stop}: the client connects again. */
    void reopen() {
        dispatcher.reopen();
    }

    /**
     * Shuts down and waits up to {@code wait} for the handler running now, after completing the
     * open streams: a stream's handler waiting for demand returns.
     */
    void stop(Duration wait) {
        streams.values().forEach(StreamSubscription::complete);
        dispatcher.stop(wait);
    }

    /** Returns whether the calling thread runs handlers of this client. */
    boolean isDispatchThread() {
        return dispatcher.isDispatchThread();
    }
}
