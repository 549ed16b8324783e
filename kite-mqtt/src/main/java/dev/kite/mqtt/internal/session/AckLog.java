package dev.kite.mqtt.internal.session;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports acknowledgements that match no open flow, or match one with the wrong type, without
 * letting a confused broker flood the log: stale ones at warn the 1st, 2nd, 4th, 8th... time and
 * otherwise at debug; each kind of wrong one at warn once per connection.
 */
final class AckLog {
    private static final Logger log = LoggerFactory.getLogger(AckLog.class);

    /** Acknowledgements for ids with no open flow, ignored. */
    private long ignored;
    /** PUBRECs for ids with no open flow, answered with PUBREL. */
    private long released;
    /** The kinds of wrong acknowledgement already reported on this connection. */
    private final Set<String> warned = new HashSet<>();

    /** Counts and reports an acknowledgement that has no open flow and is ignored. */
    void ignored(String what, int id, String why) {
        sparse(++ignored, what + " for packet id {} that has " + why + "; ignored ({} ignored so far)", id);
    }

    /** Reports a PUBREC that has no open flow and is answered with PUBREL (not counted as ignored). */
    void released(int id) {
        sparse(++released, "PUBREC for packet id {} that has no open PUBLISH; answered with PUBREL ({} so far)", id);
    }

    private static void sparse(long count, String message, int id) {
        if (Long.bitCount(count) == 1) {
            log.warn(message, id, count);
        } else if (log.isDebugEnabled()) {
            log.debug(message, id, count);
        }
    }

    /**
     * Reports an acknowledgement of the wrong type for an open flow, at warn the first time on a
     * connection for each {@code message}, then at debug.
     *
     * @param message the text, with one {@code {}} for the packet id
     */
    void wrongType(String message, int id) {
        if (warned.add(message)) {
            log.warn(message + " (said once per connection)", id);
        } else {
            log.debug(message, id);
        }
    }

    /** A new connection: each kind of wrong acknowledgement is reported again. */
    void newConnection() {
        warned.clear();
    }

    /** Returns how many acknowledgements were ignored. */
    long ignoredCount() {
        return ignored;
    }
}
