package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Flow.Subscription} of a {@link MessageStream}, and the message handler of its filter.
 *
 * <p>Demand is the delivery bound: the handler, on the client's dispatcher, waits for demand
 * before it calls {@code onNext}, so without demand the dispatcher's bounded queue fills and the
 * reader stops reading. The message is acknowledged when the handler returns, after
 * {@code onNext} returned. A message that finds the subscription ended (cancelled, failed or
 * completed) is dropped; the client acknowledges it as any handled message.
 *
 * <p>Two locks: {@link #lock} guards the demand and the end (held briefly, never across user
 * code); {@link #signals} makes the subscriber's signals serial (Reactive Streams rule 1.3) and is
 * held across them. A terminal signal asked for while this thread is signalling (a
 * {@code request(0)} or a {@code disconnect} inside {@code onNext}) is sent when that signal
 * returns, never nested in it.
 */
final class StreamSubscription implements Flow.Subscription, MessageHandler {
    private static final Logger log = LoggerFactory.getLogger(StreamSubscription.class);

    /** Told once when the subscription ends; {@code unsubscribe} unless the client closed it. */
    interface EndListener {
        void ended(StreamSubscription subscription, boolean subscribed, boolean unsubscribe);
    }

    private final Flow.Subscriber<? super Message> subscriber;
    private final EndListener onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition demandOrEnd = lock.newCondition();
    private final ReentrantLock signals = new ReentrantLock();
    /** Messages taken by the handler and not yet given to {@code onNext}. */
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger peakBuffered = new AtomicInteger();

    // Guarded by lock.
    private long demand;
    private boolean ended;
    private boolean subscribed;
    private boolean terminalPending;
    private boolean terminalSent;
    private Throwable terminalError;

    StreamSubscription(Flow.Subscriber<? super Message> subscriber, EndListener onEnd) {
        this.subscriber = subscriber;
        this.onEnd = onEnd;
    }

    /** Sends {@code onSubscribe}, the first signal (rule 1.9). */
    void start() {
        signals.lock();
        try {
            subscriber.onSubscribe(this);
        } catch (RuntimeException | Error e) {
            // rule 2.13: a subscriber that throws is treated as cancelled
            log.error("Flow subscriber's onSubscribe threw; the subscription is cancelled", e);
            cancel();
        } finally {
            signals.unlock();
        }
        sendTerminal();
    }

    /**
     * Records that the filter is subscribed.
     *
     * @return false if the subscription ended meanwhile: the caller unsubscribes
     */
    boolean markSubscribed() {
        lock.lock();
        try {
            subscribed = !ended;
            return subscribed;
        } finally {
            lock.unlock();
        }
    }

    /** Runs on the dispatcher: waits for demand, then hands the message to {@code onNext}. */
    @Override
    public void handle(MqttClient client, Message message) {
        peakBuffered.accumulateAndGet(buffered.incrementAndGet(), Math::max);
        boolean granted;
        try {
            granted = awaitDemand();
        } finally {
            buffered.decrementAndGet();
        }
        if (!granted) {
            log.debug("dropped {}: the Flow subscription ended", message.topic());
            return;
        }
        signals.lock();
        try {
            if (!isEnded()) {
                subscriber.onNext(message);
            }
        } catch (RuntimeException | Error e) {
            log.error("Flow subscriber's onNext threw; the subscription is cancelled", e);
            cancel();
        } finally {
            signals.unlock();
        }
        sendTerminal();
    }

    private boolean awaitDemand() {
        lock.lock();
        try {
            while (demand == 0 && !ended) {
                demandOrEnd.await();
            }
            if (ended) {
                return false;
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("request(" + n + "): demand must be positive (Reactive Streams rule 3.9)"));
            return;
        }
        lock.lock();
        try {
            if (!ended) {
                // rule 3.17: demand past Long.MAX_VALUE is unbounded
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                demandOrEnd.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        end(null, false, true);
    }

    /** Ends the subscription with {@code onError(cause)} and unsubscribes. */
    void fail(Throwable cause) {
        end(cause, true, true);
    }

    /** Ends the subscription with {@code onComplete}: the client disconnected. */
    void complete() {
        end(null, true, false);
    }

    private void end(Throwable cause, boolean signal, boolean unsubscribe) {
        boolean wasSubscribed;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            wasSubscribed = subscribed;
            terminalPending = signal;
            terminalError = cause;
            demandOrEnd.signalAll();
        } finally {
            lock.unlock();
        }
        onEnd.ended(this, wasSubscribed, unsubscribe);
        sendTerminal();
    }

    /** Sends the pending terminal signal once, unless this thread is signalling: then it returns first. */
    private void sendTerminal() {
        if (signals.isHeldByCurrentThread()) {
            return;
        }
        signals.lock();
        try {
            Throwable error;
            lock.lock();
            try {
                if (!terminalPending || terminalSent) {
                    return;
                }
                terminalSent = true;
                error = terminalError;
            } finally {
                lock.unlock();
            }
            if (error == null) {
                subscriber.onComplete();
            } else {
                subscriber.onError(error);
            }
        } catch (RuntimeException | Error e) {
            log.error("Flow subscriber's onComplete or onError threw", e);
        } finally {
            signals.unlock();
        }
    }

    /** Returns whether the subscription was cancelled, failed or completed. */
    boolean isEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many messages wait for demand now. */
    int buffered() {
        return buffered.get();
    }

    /** Returns the most messages that ever waited for demand at once. */
    int peakBuffered() {
        return peakBuffered.get();
    }
}
