package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.ProtocolVersion;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect and reconnect loop, as scheduled attempts rather than a thread that sleeps: each
 * attempt is a pass of the {@link Connector} over the brokers on a thread of its own; a failed
 * pass schedules the next one (after the {@link Backoff} delay when reconnecting, the retry
 * interval on a first connect) and {@link #stop()} cancels the one pending. The scheduler, the
 * thread an attempt runs on and the random numbers are given, so a test drives the loop without
 * waiting. The state it keeps is guarded by the client's lock.
 */
final class ConnectLoop {
    private static final Logger log = LoggerFactory.getLogger(ConnectLoop.class);

    /** Runs a task after a delay; returns what cancels it. */
    interface Timer {
        Runnable schedule(Runnable task, Duration delay);

        /** The client's shared scheduler: its tasks must not block, so an attempt only starts there. */
        static Timer shared() {
            return (task, delay) -> {
                ScheduledFuture<?> f = Threads.SCHEDULER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            };
        }

        /** A client's scheduler: the shared one, or its own when the options give a thread factory. */
        static Timer on(ClientThreads threads) {
            return (task, delay) -> {
                ScheduledFuture<?> f = threads.scheduler().schedule(threads.named(task), delay.toNanos(),
                        TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            };
        }
    }

    /** The client's side: its state, its token and its handlers. */
    interface Host {
        /** Runs the reconnecting handler; called without the lock, before each reconnect attempt. */
        void beforeReconnect();

        /** Sets the state for an attempt, under the lock; returns the version settled on before, or null. */
        ProtocolVersion attempting(boolean reconnect);

        /** Makes the accepted connection the client's, without the lock held; false if the client closed. */
        boolean install(Connector.Accepted accepted, boolean reconnect);

        /** Takes a failed pass, under the lock; returns whether to try again (false: the token failed). */
        boolean failed(MqttException error, boolean reconnect);

        /** Counts an attempt that failed and will be tried again (the log's summary). */
        default void attemptFailed() {
        }

        /** Ends the loop that an unexpected error broke (an {@code Error} from a handler, say). */
        void broken(Throwable cause);
    }

    private final ReentrantLock lock;
    private final Host host;
    private final Connector connector;
    private final Backoff backoff;
    private final Duration retryInterval;
    private final Timer timer;
    private final Executor attempts;
    private final DoubleSupplier random;

    // Guarded by lock.
    private boolean stopped;
    private boolean reconnect;
    private int failures;
    private Runnable cancelPending;
    private Thread running;

    /**
     * Creates a loop.
     *
     * @param lock the client's lock, which guards the loop's state too
     * @param attempts runs an attempt: on a thread of its own, since an attempt blocks on the network
     * @param random draws numbers evenly from [0, 1) for the backoff's jitter
     */
    ConnectLoop(ReentrantLock lock, Host host, Connector connector, Backoff backoff, Duration retryInterval,
                Timer timer, Executor attempts, DoubleSupplier random) {
        this.lock = lock;
        this.host = host;
        this.connector = connector;
        this.backoff = backoff;
        this.retryInterval = retryInterval;
        this.timer = timer;
        this.attempts = attempts;
        this.random = random;
    }

    /**
     * Starts connecting: at once for a first connect; after a loss, after a random part of the
     * first delay, so that clients that lost the same broker at once do not all come back in the
     * same instant.
     */
    void start(boolean reconnect) {
        assert lock.isHeldByCurrentThread();
        if (stopped) {
            return;
        }
        this.reconnect = reconnect;
        this.failures = 0;
        schedule(reconnect ? backoff.first(random.getAsDouble()) : Duration.ZERO);
    }

    /**
     * Stops until {@link #resume}: cancels the pending attempt; an attempt in progress schedules
     * no other.
     */
    void stop() {
        assert lock.isHeldByCurrentThread();
        stopped = true;
        if (cancelPending != null) {
            cancelPending.run();
            cancelPending = null;
        }
    }

    /** Undoes {@link #stop()}: the client connects again after {@code disconnect()}. */
    void resume() {
        assert lock.isHeldByCurrentThread();
        stopped = false;
    }

    /** Returns the thread of the attempt in progress, or null: {@code disconnect} joins it. */
    Thread running() {
        assert lock.isHeldByCurrentThread();
        return running;
    }

    private void schedule(Duration delay) {
        assert lock.isHeldByCurrentThread();
        cancelPending = timer.schedule(() -> attempts.execute(Threads.guarded(this::attempt, this::broken)), delay);
    }

    private void broken(Throwable cause) {
        lock.lock();
        try {
            forget();
        } finally {
            lock.unlock();
        }
        host.broken(cause);
    }

    /** One pass over the brokers; on failure, schedules the next. Runs on the attempt's thread. */
    private void attempt() {
        boolean again;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            cancelPending = null;
            running = Thread.currentThread();
            again = reconnect;
        } finally {
            lock.unlock();
        }
        try {
            pass(again);
        } finally {
            lock.lock();
            try {
                forget();
            } finally {
                lock.unlock();
            }
        }
    }

    private void forget() {
        assert lock.isHeldByCurrentThread();
        if (running == Thread.currentThread()) {
            running = null;
        }
    }

    private void pass(boolean reconnect) {
        assert !lock.isHeldByCurrentThread();
        if (reconnect) {
            host.beforeReconnect();
        }
        ProtocolVersion version;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            version = host.attempting(reconnect);
        } finally {
            lock.unlock();
        }
        MqttException error;
        try {
            Connector.Accepted accepted = connector.connectOnce(version);
            if (!host.install(accepted, reconnect)) {
                accepted.link().close();
            }
            return;
        } catch (MqttException e) {
            error = e;
        } catch (RuntimeException e) {
            error = new MqttException("connect failed: " + e, e);
        }
        Duration delay;
        lock.lock();
        try {
            if (stopped || !host.failed(error, reconnect)) {
                return;
            }
            delay = reconnect ? backoff.delay(failures++, random.getAsDouble()) : retryInterval;
            schedule(delay);
        } finally {
            lock.unlock();
        }
        log.debug("connect failed: {}; next attempt in {} ms", error.getMessage(), delay.toMillis());
        host.attemptFailed();
    }
}
