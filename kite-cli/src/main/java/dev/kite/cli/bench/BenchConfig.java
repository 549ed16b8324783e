package dev.kite.cli.bench;

/** What a {@code kite bench} run does; validated by {@link BenchCommand}. */
record BenchConfig(
        Mode mode,
        int clients,
        double rate,
        int qos,
        int size,
        String topic,
        long count,
        long durationNanos,
        double connRate,
        int window,
        long timeoutNanos,
        String idPrefix) {

    /** The four modes. */
    enum Mode { PUB, SUB, CONN, PUBSUB }

    String topic(int client) {
        return topic.replace("%i", Integer.toString(client));
    }

    /** Whether publishers stop after a count (else after the duration). */
    boolean counted() {
        return count > 0;
    }
}
