package dev.kite.mqtt.internal.router;

import dev.kite.mqtt.TopicFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Routes topic names to the handlers of the topic filters they match [MQTT-4.7]: a trie keyed by
 * the levels of {@link TopicFilter#matchFilter()}, with separate children for '+' and '#'.
 * Matching a topic visits only the trie nodes on its paths, not every route, and reads the topic's
 * levels where they stand instead of splitting it.
 *
 * <p>A route is keyed by its full filter string: adding a filter again replaces its handler and
 * keeps its place in the order; {@code $share/g1/a/b} and {@code $share/g2/a/b} are two routes,
 * both matched by {@code a/b}.
 *
 * <pre>{@code
 * Router<Consumer<Message>> router = new Router<>();
 * router.add(TopicFilter.parse("sensors/+/temp"), onTemp);
 * router.match("sensors/kitchen/temp"); // [onTemp]
 * }</pre>
 *
 * <p><b>Thread safety.</b> Lock-free reads, serialized writes. {@link #match}, {@link #size} and
 * {@link #isEmpty} take no lock: each node's children live in a table whose buckets are replaced
 * whole, and each node's routes are an immutable list replaced whole. {@link #add} and {@link #remove} hold a private lock, so
 * writers never race each other (pruning cannot drop a node another writer is filling), and each
 * costs O(levels). A match sees every change that completed before it began and none that began
 * after it returned; a change made while it runs is seen whole or not at all for that route: a
 * replaced handler appears as the old or the new one, never both, never neither. (A fully
 * copy-on-write trie would give whole-trie snapshots, but each add would copy a node's every
 * child: 10,000 sibling filters took seconds to add.) No lock is held while user code runs:
 * handlers are returned, not called.
 *
 * <p>A topic matched twice in a row is then answered without walking the trie, until the routes
 * change or another topic repeats: a device's stream of messages costs one comparison of topics.
 *
 * @param <H> the handler type
 * @since 0.1
 */
public final class Router<H> {
    private static final Comparator<Route<?>> BY_SEQ = Comparator.comparingLong(Route::seq);

    private final Object writeLock = new Object();
    /** Guarded by {@link #writeLock}; read by writers only. */
    private final Map<String, Route<H>> byFilter = new HashMap<>();
    /** Guarded by {@link #writeLock}. */
    private long nextSeq;
    private final Node<H> root = new Node<>();
    /** Written under {@link #writeLock}. */
    private volatile int size;
    /** Counts changes to the routes; written under {@link #writeLock} after each change is made. */
    private volatile long version;
    /** The answer for the latest topic matched twice in a row, or null; any thread may replace it. */
    private volatile LastMatch<H> last;
    /**
     * The topic of the latest match that {@link #last} did not answer. Only a hint: a lost update
     * between two matching threads costs one more walk of the trie, not a wrong answer.
     */
    private String lastMissed;

    /** A topic, the handlers it matched, and the {@link #version} of the routes they came from. */
    private record LastMatch<H>(String topic, long version, List<H> handlers) {
    }

    /** Creates an empty router. */
    public Router() {
    }

    /**
     * Adds a route, or replaces the handler of the route with the same filter string. A replaced
     * route keeps its place in the order of {@link #match}.
     *
     * @param filter the filter; it is keyed by {@link TopicFilter#filter()} and matched by
     *     {@link TopicFilter#matchFilter()}
     * @param handler the handler
     * @throws NullPointerException if {@code filter} or {@code handler} is null
     */
    public void add(TopicFilter filter, H handler) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(handler, "handler");
        synchronized (writeLock) {
            Route<H> old = byFilter.get(filter.filter());
            long seq = old != null ? old.seq() : nextSeq++;
            Route<H> route = new Route<>(filter.filter(), filter.matchFilter(), seq, handler);
            byFilter.put(route.filter(), route);
            Node<H> node = root;
            for (String level : levels(route.matchFilter())) {
                node = node.childOrCreate(level);
            }
            node.putRoute(route);
            changed();
        }
    }

    /**
     * Removes the route keyed by exactly this filter string, pruning trie nodes left empty.
     *
     * @param filter the filter string as it was added, {@code $share/<group>/} prefix included
     * @return whether there was such a route
     * @throws NullPointerException if {@code filter} is null
     */
    public boolean remove(String filter) {
        Objects.requireNonNull(filter, "filter");
        synchronized (writeLock) {
            Route<H> route = byFilter.remove(filter);
            if (route == null) {
                return false;
            }
            String[] levels = levels(route.matchFilter());
            List<Node<H>> path = new ArrayList<>(levels.length + 1);
            Node<H> node = root;
            path.add(node);
            for (String level : levels) {
                // the route was indexed, so its path exists
                node = node.child(level);
                path.add(node);
            }
            node.removeRoute(filter);
            for (int i = levels.length; i > 0 && path.get(i).isEmpty(); i--) {
                path.get(i - 1).removeChild(levels[i - 1]);
            }
            changed();
            return true;
        }
    }

    /**
     * Returns the handlers of every route whose filter matches a topic name, in the order their
     * routes were first added. A handler added under several matching filters appears once, at
     * its first place (handlers are compared by identity). A filter whose first level is '+' or
     * '#' does not match a topic starting with '$' [MQTT-4.7.2-1]. The topic is not validated.
     *
     * @param topic a topic name, such as {@code "sport/tennis/player1"}
     * @return the matching handlers; an unmodifiable list, empty if none match, which other calls
     *     may return too
     * @throws NullPointerException if {@code topic} is null
     */
    public List<H> match(String topic) {
        Objects.requireNonNull(topic, "topic");
        // read before the walk: an answer is reused only while no change has completed since
        long seen = version;
        LastMatch<H> previous = last;
        if (previous != null && previous.version() == seen && previous.topic().equals(topic)) {
            return previous.handlers();
        }
        List<H> handlers = handlers(collect(root, topic, 0, topic.startsWith("$"), null));
        // keep an answer only for a topic that repeats, so a stream of varied topics allocates nothing
        if (topic.equals(lastMissed)) {
            last = new LastMatch<>(topic, seen, handlers);
        } else {
            lastMissed = topic;
        }
        return handlers;
    }

    /**
     * Tells whether there are no routes.
     *
     * @return whether {@link #size()} is 0
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the number of routes, one per distinct filter string.
     *
     * @return the number of routes
     */
    public int size() {
        return size;
    }

    /** Publishes a completed change to readers. Writer only. */
    private void changed() {
        size = byFilter.size();
        version++;
        // a kept answer is stale now; drop it so it does not hold on to a removed handler
        last = null;
    }

    /**
     * Adds to {@code found} the routes below {@code node} that match the levels of {@code topic}
     * from index {@code start} on (past its end: no levels left), and returns the sum. What is
     * found is null (nothing yet), one {@link Route}, or a mutable list of two or more routes, so
     * that finding none or one allocates nothing.
     */
    private static <H> Object collect(Node<H> node, String topic, int start, boolean dollar,
            Object found) {
        // [MQTT-4.7.2-1] a wildcard first level does not match a topic starting with '$'
        boolean wildcards = start > 0 || !dollar;
        // read each volatile child once: a writer may unlink it meanwhile
        Node<H> hash = node.hash;
        if (hash != null && wildcards) {
            // '#' matches the remaining levels, none included: "a/#" matches "a" [MQTT-4.7.1-2]
            found = with(found, hash.routes);
        }
        if (start > topic.length()) {
            return with(found, node.routes);
        }
        // levels are kept empty: "a//b" has three levels, "/" has two
        int end = topic.indexOf('/', start);
        if (end < 0) {
            end = topic.length();
        }
        Node<H> plus = node.plus;
        if (plus != null && wildcards) {
            found = collect(plus, topic, end + 1, dollar, found);
        }
        Node<H> child = node.children.get(topic, start, end);
        if (child != null) {
            found = collect(child, topic, end + 1, dollar, found);
        }
        return found;
    }

    /** Returns {@code found}, as {@link #collect} keeps it, with {@code routes} added. */
    @SuppressWarnings("unchecked")
    private static <H> Object with(Object found, List<Route<H>> routes) {
        for (int i = 0; i < routes.size(); i++) {
            Route<H> route = routes.get(i);
            if (found == null) {
                found = route;
            } else if (found instanceof Route<?> first) {
                List<Route<H>> list = new ArrayList<>();
                list.add((Route<H>) first);
                list.add(route);
                found = list;
            } else {
                ((List<Route<H>>) found).add(route);
            }
        }
        return found;
    }

    /**
     * Returns the handlers of what {@link #collect} found, in the order of their routes, each
     * handler once: a shared list when there is none or one.
     */
    @SuppressWarnings("unchecked")
    private static <H> List<H> handlers(Object found) {
        if (found == null) {
            return List.of();
        }
        if (found instanceof Route<?> route) {
            return ((Route<H>) route).alone();
        }
        List<Route<H>> routes = (List<Route<H>>) found;
        routes.sort(BY_SEQ);
        List<H> handlers = new ArrayList<>(routes.size());
        // a scan of a few handlers is cheaper than a set
        Set<H> seen = routes.size() > 8 ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
        for (Route<H> route : routes) {
            H handler = route.handler();
            if (seen != null ? seen.add(handler) : !containsSame(handlers, handler)) {
                handlers.add(handler);
            }
        }
        if (handlers.size() == 1) {
            return routes.get(0).alone();
        }
        return Collections.unmodifiableList(handlers);
    }

    private static <H> boolean containsSame(List<H> handlers, H handler) {
        for (H h : handlers) {
            if (h == handler) {
                return true;
            }
        }
        return false;
    }

    /** Splits a filter at '/', keeping empty levels: "a//b" has three levels, "/" has two. */
    private static String[] levels(String s) {
        return s.split("/", -1);
    }
}
