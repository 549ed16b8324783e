package dev.kite.mqtt.internal.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable trie node of a {@link Router}. Every change returns a new node and leaves this one
 * as it was, so a reader holding an old root sees a consistent trie.
 *
 * @param <H> the handler type
 */
final class Node<H> {
    private static final Node<?> EMPTY = new Node<>(Map.of(), null, null, List.of());

    /** Children by literal level. '+' and '#' are kept apart so a topic level never reaches them. */
    final Map<String, Node<H>> children;
    /** The child for a '+' level, or null. */
    final Node<H> plus;
    /** The child for a '#' level, or null. '#' is always last, so this node has only routes. */
    final Node<H> hash;
    /** The routes whose match filter ends at this node, in no particular order. */
    final List<Route<H>> routes;

    private Node(Map<String, Node<H>> children, Node<H> plus, Node<H> hash, List<Route<H>> routes) {
        this.children = children;
        this.plus = plus;
        this.hash = hash;
        this.routes = routes;
    }

    @SuppressWarnings("unchecked")
    static <H> Node<H> empty() {
        return (Node<H>) EMPTY;
    }

    boolean isEmpty() {
        return routes.isEmpty() && children.isEmpty() && plus == null && hash == null;
    }

    /** Returns the child for a filter level, or null. */
    Node<H> child(String level) {
        return switch (level) {
            case "+" -> plus;
            case "#" -> hash;
            default -> children.get(level);
        };
    }

    /** Returns a copy with the child for a filter level set, or removed if {@code child} is null. */
    Node<H> withChild(String level, Node<H> child) {
        switch (level) {
            case "+":
                return new Node<>(children, child, hash, routes);
            case "#":
                return new Node<>(children, plus, child, routes);
            default:
                Map<String, Node<H>> copy = new HashMap<>(children);
                if (child == null) {
                    copy.remove(level);
                } else {
                    copy.put(level, child);
                }
                return new Node<>(copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy),
                        plus, hash, routes);
        }
    }

    /** Returns a copy holding {@code route}, in place of any route with the same filter string. */
    Node<H> withRoute(Route<H> route) {
        List<Route<H>> copy = new ArrayList<>(routes.size() + 1);
        for (Route<H> r : routes) {
            if (!r.filter().equals(route.filter())) {
                copy.add(r);
            }
        }
        copy.add(route);
        return new Node<>(children, plus, hash, List.copyOf(copy));
    }

    /** Returns a copy without the route keyed by {@code filter}. */
    Node<H> withoutRoute(String filter) {
        List<Route<H>> copy = new ArrayList<>(routes.size());
        for (Route<H> r : routes) {
            if (!r.filter().equals(filter)) {
                copy.add(r);
            }
        }
        return new Node<>(children, plus, hash, List.copyOf(copy));
    }
}
