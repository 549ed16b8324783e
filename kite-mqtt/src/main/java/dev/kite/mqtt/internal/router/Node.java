package dev.kite.mqtt.internal.router;

import java.util.ArrayList;
import java.util.List;

/**
 * A trie node of a {@link Router}. Only the router's writer, holding its lock, changes a node;
 * readers walk nodes without a lock, so every field is safe to read concurrently: children live in
 * a {@link Children} table made for it, and the route list is immutable and replaced whole.
 *
 * @param <H> the handler type
 */
final class Node<H> {
    /** Children by literal level. '+' and '#' are kept apart so a topic level never reaches them. */
    final Children<H> children = new Children<>();
    /** The child for a '+' level, or null. */
    volatile Node<H> plus;
    /** The child for a '#' level, or null. '#' is always last, so that node has only routes. */
    volatile Node<H> hash;
    /** The routes whose match filter ends at this node, in no particular order; immutable. */
    volatile List<Route<H>> routes = List.of();

    boolean isEmpty() {
        return routes.isEmpty() && children.isEmpty() && plus == null && hash == null;
    }

    /** Returns the child for a filter level, or null. Writer only: readers go by topic level. */
    Node<H> child(String level) {
        return switch (level) {
            case "+" -> plus;
            case "#" -> hash;
            default -> children.get(level);
        };
    }

    /** Returns the child for a filter level, creating it if there is none. Writer only. */
    Node<H> childOrCreate(String level) {
        Node<H> child = child(level);
        if (child == null) {
            child = new Node<>();
            switch (level) {
                case "+" -> plus = child;
                case "#" -> hash = child;
                default -> children.put(level, child);
            }
        }
        return child;
    }

    /** Unlinks the child for a filter level. Writer only. */
    void removeChild(String level) {
        switch (level) {
            case "+" -> plus = null;
            case "#" -> hash = null;
            default -> children.remove(level);
        }
    }

    /** Holds {@code route} in place of any route with the same filter string. Writer only. */
    void putRoute(Route<H> route) {
        List<Route<H>> copy = new ArrayList<>(routes.size() + 1);
        for (Route<H> r : routes) {
            if (!r.filter().equals(route.filter())) {
                copy.add(r);
            }
        }
        copy.add(route);
        routes = List.copyOf(copy);
    }

    /** Drops the route keyed by {@code filter}. Writer only. */
    void removeRoute(String filter) {
        List<Route<H>> copy = new ArrayList<>(routes.size());
        for (Route<H> r : routes) {
            if (!r.filter().equals(filter)) {
                copy.add(r);
            }
        }
        routes = List.copyOf(copy);
    }
}
