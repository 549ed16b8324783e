package dev.kite.mqtt.internal.router;

/**
 * One route of a {@link Router}: the filter string it is keyed by, the filter it is matched by,
 * when it was first added, and its handler.
 *
 * @param filter the filter as given, {@code $share/<group>/} prefix included; the route's key
 * @param matchFilter the filter topics are matched against
 * @param seq the insertion sequence number; kept when the handler is replaced
 * @param handler the handler
 * @param <H> the handler type
 */
record Route<H>(String filter, String matchFilter, long seq, H handler) {
}
