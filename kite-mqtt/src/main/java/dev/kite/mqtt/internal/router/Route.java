package dev.kite.mqtt.internal.router;

import java.util.List;

/**
 * One route of a {@link Router}: the filter string it is keyed by, the filter it is matched by,
 * when it was first added, and its handler. Immutable.
 *
 * @param <H> the handler type
 */
final class Route<H> {
    private final String filter;
    private final String matchFilter;
    private final long seq;
    private final H handler;
    /** The answer of a match that finds this route alone, made once instead of per match. */
    private final List<H> alone;

    /**
     * @param filter the filter as given, {@code $share/<group>/} prefix included; the route's key
     * @param matchFilter the filter topics are matched against
     * @param seq the insertion sequence number; kept when the handler is replaced
     * @param handler the handler
     */
    Route(String filter, String matchFilter, long seq, H handler) {
        this.filter = filter;
        this.matchFilter = matchFilter;
        this.seq = seq;
        this.handler = handler;
        this.alone = List.of(handler);
    }

    String filter() {
        return filter;
    }

    String matchFilter() {
        return matchFilter;
    }

    long seq() {
        return seq;
    }

    H handler() {
        return handler;
    }

    /** Returns the unmodifiable list of this route's handler alone. */
    List<H> alone() {
        return alone;
    }
}
