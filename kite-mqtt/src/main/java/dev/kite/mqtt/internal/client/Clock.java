package dev.kite.mqtt.internal.client;

/**
 * Monotonic time in nanoseconds, as {@link System#nanoTime()}: the system's in the library, a
 * fake one in tests, so timer policies are tested without waiting.
 */
@FunctionalInterface
interface Clock {
    /** The system's monotonic clock. */
    Clock SYSTEM = System::nanoTime;

    /** Returns the current time in nanoseconds, comparable only with other values of this clock. */
    long nanoTime();
}
