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
 * Matching a topic visits only the trie nodes on its paths, not every route.
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
 * <p><b>Thread safety.</b> Copy-on-write: the trie is immutable and published through one
 * volatile field. {@link #match}, {@link #size} and {@link #isEmpty} take no lock and see one
 * complete version of the routes, never a half-applied change. {@link #add} and {@link #remove}
 * are serialized by a private lock and copy only the nodes on the changed path (each copy is as
 * large as that node's fan-out), which suits a client whose subscriptions change far less often
 * than messages arrive. No lock is held while user code runs: handlers are returned, not called.
 *
 * @param <H> the handler type
 * @since 0.1
 */
public final class Router<H> {
    private static final Comparator<Route<?>> BY_SEQ = Comparator.comparingLong(Route::seq);

    /** One published version of the routes. */
    private record State<H>(Node<H> root, int size) {
    }

    private final Object writeLock = new Object();
    /** Guarded by {@link #writeLock}; read by writers only. */
    private final Map<String, Route<H>> byFilter = new HashMap<>();
    /** Guarded by {@link #writeLock}. */
    private long nextSeq;
    private volatile State<H> state = new State<>(Node.empty(), 0);

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
            Node<H> root = insert(state.root(), levels(route.matchFilter()), 0, route);
            state = new State<>(root, byFilter.size());
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
            Node<H> root = delete(state.root(), levels(route.matchFilter()), 0, filter);
            state = new State<>(root == null ? Node.empty() : root, byFilter.size());
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
     * @return the matching handlers; an unmodifiable list, empty if none match
     * @throws NullPointerException if {@code topic} is null
     */
    public List<H> match(String topic) {
        Objects.requireNonNull(topic, "topic");
        List<Route<H>> found = new ArrayList<>();
        collect(state.root(), levels(topic), 0, topic.startsWith("$"), found);
        if (found.isEmpty()) {
            return List.of();
        }
        if (found.size() == 1) {
            return List.of(found.get(0).handler());
        }
        found.sort(BY_SEQ);
        List<H> handlers = new ArrayList<>(found.size());
        Set<H> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Route<H> route : found) {
            if (seen.add(route.handler())) {
                handlers.add(route.handler());
            }
        }
        return Collections.unmodifiableList(handlers);
    }

    /**
     * Tells whether there are no routes.
     *
     * @return whether {@link #size()} is 0
     */
    public boolean isEmpty() {
        return state.size() == 0;
    }

    /**
     * Returns the number of routes, one per distinct filter string.
     *
     * @return the number of routes
     */
    public int size() {
        return state.size();
    }

    private static <H> void collect(Node<H> node, String[] levels, int i, boolean dollar,
            List<Route<H>> found) {
        // [MQTT-4.7.2-1] a wildcard first level does not match a topic starting with '$'
        boolean wildcards = i > 0 || !dollar;
        if (node.hash != null && wildcards) {
            // '#' matches the remaining levels, none included: "a/#" matches "a" [MQTT-4.7.1-2]
            found.addAll(node.hash.routes);
        }
        if (i == levels.length) {
            found.addAll(node.routes);
            return;
        }
        if (node.plus != null && wildcards) {
            collect(node.plus, levels, i + 1, dollar, found);
        }
        Node<H> child = node.children.get(levels[i]);
        if (child != null) {
            collect(child, levels, i + 1, dollar, found);
        }
    }

    private static <H> Node<H> insert(Node<H> node, String[] levels, int i, Route<H> route) {
        if (i == levels.length) {
            return node.withRoute(route);
        }
        Node<H> child = node.child(levels[i]);
        return node.withChild(levels[i], insert(child == null ? Node.empty() : child, levels, i + 1, route));
    }

    /** Returns the node without the route, or null if nothing is left in it. */
    private static <H> Node<H> delete(Node<H> node, String[] levels, int i, String filter) {
        Node<H> changed;
        if (i == levels.length) {
            changed = node.withoutRoute(filter);
        } else {
            // the route was indexed, so its path exists
            changed = node.withChild(levels[i], delete(node.child(levels[i]), levels, i + 1, filter));
        }
        return changed.isEmpty() ? null : changed;
    }

    /** Splits at '/', keeping empty levels: "a//b" has three levels, "/" has two. */
    private static String[] levels(String s) {
        return s.split("/", -1);
    }
}
