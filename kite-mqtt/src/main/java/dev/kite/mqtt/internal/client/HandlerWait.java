package dev.kite.mqtt.internal.client;

/**
 * The one exception to delivery backpressure: a message handler that blocks on a token (it
 * published at QoS 1 and waits for the PUBACK) lifts the bound of the dispatcher it runs on until
 * it stops waiting. The packet that completes the token may be behind the messages the reader
 * would otherwise wait to hand over, so without it such a handler deadlocks under load
 * (paho.mqtt.golang's most reported bug; {@code DeliveryIT} shows it).
 *
 * <p>Tokens call {@link #beforeBlocking} and {@link #afterBlocking} around a wait, on the waiting
 * thread, in a try/finally. Both do nothing off handler threads.
 */
final class HandlerWait {
    /** The dispatcher whose handler the current thread runs, or null. */
    private static final ThreadLocal<Dispatcher> RUNNING = new ThreadLocal<>();

    private HandlerWait() {
    }

    /** Notes that the current thread is about to block; a handler thread lifts its dispatcher's bound. */
    static void beforeBlocking() {
        Dispatcher d = RUNNING.get();
        if (d != null) {
            d.suspendBound();
        }
    }

    /** Ends one {@link #beforeBlocking} of the current thread. */
    static void afterBlocking() {
        Dispatcher d = RUNNING.get();
        if (d != null) {
            d.resumeBound();
        }
    }

    /** Returns whether the current thread runs message handlers of any client. */
    static boolean onHandlerThread() {
        return RUNNING.get() != null;
    }

    /** Returns whether the current thread runs handlers of {@code d}. */
    static boolean runsHandlersOf(Dispatcher d) {
        return RUNNING.get() == d;
    }

    /** For the dispatcher: the current thread starts running one of its handlers. */
    static void enter(Dispatcher d) {
        RUNNING.set(d);
    }

    /** For the dispatcher: the current thread's handler returned. */
    static void exit() {
        RUNNING.remove();
    }
}
