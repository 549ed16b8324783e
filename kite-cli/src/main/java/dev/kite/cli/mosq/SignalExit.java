package dev.kite.cli.mosq;

/**
 * SIGINT and SIGTERM for {@code kite sub}: mosquitto_sub catches them, disconnects cleanly (so
 * no will is sent) and exits 0. The JVM runs shutdown hooks on those signals; {@code Main.main}
 * installs one that calls {@link #stopCurrent()}.
 */
public final class SignalExit {
    /** A running tool that a signal stops. */
    interface Stoppable {
        /** Stops, waits until the tool has disconnected, and returns its exit code. */
        int stop();
    }

    private static volatile Stoppable current;

    private SignalExit() {
    }

    static void register(Stoppable s) {
        current = s;
    }

    static void unregister(Stoppable s) {
        if (current == s) {
            current = null;
        }
    }

    /**
     * Stops the running tool, if any, and returns its exit code; -1 when none runs.
     *
     * @return the exit code, or -1
     */
    public static int stopCurrent() {
        Stoppable s = current;
        return s == null ? -1 : s.stop();
    }
}
