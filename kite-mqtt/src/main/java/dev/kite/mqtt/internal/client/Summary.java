package dev.kite.mqtt.internal.client;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps INFO readable with thousands of clients: each client logs its connects, disconnects,
 * losses and failed attempts at DEBUG (a connection loss at WARN, for the first client in a
 * window only), and this JVM-wide summary says at INFO, once per 10 s window that had any, how
 * many clients did each, naming a few:
 * {@code kite clients in the last 10 s: 200 connected (c-1, c-2, c-3, ...), 1 disconnected (c-9)}.
 */
final class Summary {
    private static final Logger log = LoggerFactory.getLogger(Summary.class);
    static final long WINDOW_SECONDS = 10;
    private static final int NAMED = 3;

    /** What a window counts, in the order the line says it. */
    enum Event {
        CONNECTED("connected"), RECONNECTED("reconnected"), LOST("lost their connection"),
        FAILED("failed a connect attempt"), DISCONNECTED("disconnected");

        private final String words;

        Event(String words) {
            this.words = words;
        }
    }

    private static final Map<Event, Long> COUNTS = new EnumMap<>(Event.class);
    private static final Map<Event, List<String>> NAMES = new EnumMap<>(Event.class);
    private static boolean windowOpen;

    private Summary() {
    }

    /**
     * Counts an event of the client named {@code name} in the current window, opening one if
     * none is; returns whether it is the first of its kind in the window.
     */
    static synchronized boolean count(Event event, String name) {
        if (!windowOpen) {
            windowOpen = true;
            Threads.SCHEDULER.schedule(Summary::flush, WINDOW_SECONDS, TimeUnit.SECONDS);
        }
        long n = COUNTS.merge(event, 1L, Long::sum);
        List<String> names = NAMES.computeIfAbsent(event, e -> new ArrayList<>(NAMED));
        if (names.size() < NAMED) {
            names.add(name);
        }
        return n == 1;
    }

    /** Logs the window's line and closes the window. */
    static void flush() {
        String line;
        synchronized (Summary.class) {
            line = line(COUNTS, NAMES);
            COUNTS.clear();
            NAMES.clear();
            windowOpen = false;
        }
        if (line != null) {
            log.info("kite clients in the last {} s: {}", WINDOW_SECONDS, line);
        }
    }

    /** The summary of {@code counts}, or null if nothing happened. */
    static String line(Map<Event, Long> counts, Map<Event, List<String>> names) {
        StringBuilder b = new StringBuilder();
        for (Event e : Event.values()) {
            Long n = counts.get(e);
            if (n == null) {
                continue;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(n).append(' ').append(e.words).append(" (").append(String.join(", ", names.get(e)));
            b.append(n > names.get(e).size() ? ", ...)" : ")");
        }
        return b.length() == 0 ? null : b.toString();
    }
}
