package dev.kite.mqtt.internal.client;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.MDC;

/**
 * One client's threads, timers and callback executor, each carrying the client's log name in the
 * SLF4J MDC under {@link #MDC_KEY}: the threads the client starts (reader, writer, connect
 * attempts, ordered handlers) from the options' {@code ThreadFactory} or {@link Threads}' default;
 * the timers on a scheduler of the client's own when a factory is given, on the shared one
 * otherwise; handlers and token callbacks on the options' {@code Executor} or the shared pool.
 */
final class ClientThreads {
    /** The MDC key whose value names the client a log line is about. */
    static final String MDC_KEY = "kite.client";

    private final String logName;
    private final String threadSuffix;
    private final ThreadFactory factory;
    private final boolean ownExecutor;
    private final Executor callbacks;
    private final ScheduledExecutorService scheduler;

    /**
     * @param logName what the MDC and the log lines call the client
     * @param threadSuffix ends the names of threads made without a factory: {@code kite-reader-<suffix>}
     * @param factory the options' thread factory, or null for {@link Threads}' default
     * @param executor the options' executor for handlers and callbacks, or null for the shared pool
     */
    ClientThreads(String logName, String threadSuffix, ThreadFactory factory, Executor executor) {
        this.logName = logName;
        this.threadSuffix = threadSuffix;
        this.factory = factory;
        this.ownExecutor = executor != null;
        Executor backing = executor != null ? executor : Threads.CALLBACKS;
        this.callbacks = task -> backing.execute(named(task));
        if (factory != null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, factory);
            s.setRemoveOnCancelPolicy(true);
            this.scheduler = s;
        } else {
            this.scheduler = Threads.SCHEDULER;
        }
    }

    /** Returns the client's name in logs. */
    String logName() {
        return logName;
    }

    /** Returns whether handlers and callbacks run on an executor the options gave. */
    boolean hasOwnExecutor() {
        return ownExecutor;
    }

    /** Runs handlers (unordered) and callbacks, with the client's name in the MDC. */
    Executor callbacks() {
        return callbacks;
    }

    /** The scheduler of the client's timers: tasks must be short, and go through {@link #named}. */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Creates and starts one of the client's threads; {@code role} is "reader", "writer"... */
    Thread start(String role, Runnable task) {
        Runnable body = named(task);
        Thread t = factory == null ? Threads.newThread("kite-" + role + "-" + threadSuffix, body)
                : factory.newThread(body);
        if (t == null) {
            throw new IllegalStateException("the ThreadFactory of the options returned null for the " + role + " thread");
        }
        t.start();
        return t;
    }

    /** Wraps {@code task} so that it runs with the client's name in the MDC, restoring what was there. */
    Runnable named(Runnable task) {
        return () -> {
            try (Scope ignored = enter()) {
                task.run();
            }
        };
    }

    /** Puts the client's name in the calling thread's MDC until the scope closes. */
    Scope enter() {
        String before = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, logName);
        return new Scope(before);
    }

    /** Stops the client's own scheduler, if it has one. */
    void close() {
        if (scheduler != Threads.SCHEDULER) {
            scheduler.shutdownNow();
        }
    }

    /** What {@link #enter} put in the MDC; closing it restores the value before. */
    static final class Scope implements AutoCloseable {
        private final String before;

        private Scope(String before) {
            this.before = before;
        }

        @Override
        public void close() {
            if (before == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, before);
            }
        }
    }
}
