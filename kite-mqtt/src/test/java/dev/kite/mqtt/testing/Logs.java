package dev.kite.mqtt.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Captures the library's log: slf4j-simple, as the tests configure it, writes to System.err. */
public final class Logs {
    /** A body that may throw, such as a test's steps. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private Logs() {
    }

    /** Runs {@code body}, returning what was written to System.err meanwhile. */
    public static String stderrOf(Body body) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        return captured.toString(UTF_8);
    }

    /** Counts the lines of {@code log} at WARN that contain {@code text}. */
    public static long warnings(String log, String text) {
        return log.lines().filter(l -> l.contains(" WARN ") && l.contains(text)).count();
    }
}
