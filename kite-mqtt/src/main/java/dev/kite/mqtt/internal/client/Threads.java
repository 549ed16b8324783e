package dev.kite.mqtt.internal.client;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Kite's threads come from: virtual threads when the JVM has them (Java 21+), daemon
 * platform threads otherwise; one shared scheduler for timers; one shared executor for callbacks.
 * The jar targets Java 17, so virtual threads are looked up at run time. The system property
 * {@code kite.platformThreads=true} forces platform threads.
 */
final class Threads {
    private static final Logger log = LoggerFactory.getLogger(Threads.class);
    private static final Method[] VIRTUAL = findVirtualBuilder();
    private static final AtomicLong COUNTER = new AtomicLong();

    /** Timers only: keepalive checks, timeouts. Tasks must be short and never block. */
    static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

    /** Runs lifecycle handlers and the dependents of tokens' futures. */
    static final ExecutorService CALLBACKS =
            Executors.newCachedThreadPool(r -> newThread("kite-callback-" + COUNTER.incrementAndGet(), r));

    private Threads() {
    }

    /** Creates (does not start) a thread named {@code name}. */
    static Thread newThread(String name, Runnable task) {
        if (VIRTUAL != null) {
            try {
                Object builder = VIRTUAL[0].invoke(null);
                builder = VIRTUAL[1].invoke(builder, name);
                return (Thread) VIRTUAL[2].invoke(builder, task);
            } catch (ReflectiveOperationException e) {
                log.debug("virtual thread creation failed, using a platform thread", e);
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** Creates and starts a thread. */
    static Thread start(String name, Runnable task) {
        Thread t = newThread(name, task);
        t.start();
        return t;
    }

    /**
     * Wraps the body of a thread or a timer task so that whatever escapes it is handled: an
     * {@code Error} (an {@code OutOfMemoryError} above all) would otherwise end the thread
     * silently and leave what depends on it waiting forever. {@code onFailure} fails what the
     * thread served (the connection, the connect token); a {@link VirtualMachineError} is then
     * rethrown, since the JVM may be unusable, and reaches the thread's uncaught-exception handler.
     */
    static Runnable guarded(Runnable body, Consumer<Throwable> onFailure) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                try {
                    onFailure.accept(t);
                } finally {
                    if (t instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                }
            }
        };
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kite-scheduler");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    private static Method[] findVirtualBuilder() {
        if (Boolean.getBoolean("kite.platformThreads")) {
            return null;
        }
        try {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Method name = builder.getMethod("name", String.class);
            Method unstarted = builder.getMethod("unstarted", Runnable.class);
            return new Method[] {ofVirtual, name, unstarted};
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
