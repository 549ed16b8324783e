package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.internal.session.Completion;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A token over a future that only Kite's own code depends on, so completing it never runs user
 * code on the completing (network) thread; users get a copy whose dependents run on the callback
 * executor.
 */
class BaseToken implements Token, Completion {
    final CompletableFuture<Object> future = new CompletableFuture<>();
    /** Settles the user futures when no callback batch is open on the completing thread. */
    private final Executor callbacks;

    /** A token whose user futures are settled on the shared callback threads. */
    BaseToken() {
        this(Threads.CALLBACKS);
    }

    /** A token whose user futures are settled on {@code callbacks}: the client's executor. */
    BaseToken(Executor callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    public void complete(Object result) {
        future.complete(result);
    }

    @Override
    public void fail(Throwable error) {
        future.completeExceptionally(error);
    }

    @Override
    public boolean waitFor() {
        if (future.isDone()) {
            return true;
        }
        HandlerWait.beforeBlocking();
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttClientException("interrupted while waiting for a token", e);
        } catch (ExecutionException e) {
            // the error is read through error()
        } finally {
            HandlerWait.afterBlocking();
        }
        return true;
    }

    @Override
    public boolean waitFor(Duration timeout) {
        if (future.isDone()) {
            return true;
        }
        HandlerWait.beforeBlocking();
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttClientException("interrupted while waiting for a token", e);
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } finally {
            HandlerWait.afterBlocking();
        }
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public Throwable error() {
        if (!future.isCompletedExceptionally()) {
            return null;
        }
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    @Override
    public void await() {
        waitFor();
        Throwable e = error();
        if (e instanceof MqttException m) {
            throw m;
        }
        if (e != null) {
            throw new MqttException(e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<?> toCompletableFuture() {
        return userFuture(() -> null);
    }

    /**
     * A new future for the user, completed with {@code value}'s answer, read once this token
     * completed normally, or with this token's error as it is (not wrapped in a
     * CompletionException). Never completed on the network thread that completes this token:
     * that thread posts it to its {@link CallbackBatch}. If this token is done already, the
     * future is returned done, and dependents the caller adds run on the caller's thread.
     */
    final <T> CompletableFuture<T> userFuture(Supplier<T> value) {
        CompletableFuture<T> user = new CompletableFuture<>();
        if (future.isDone()) {
            settle(user, value);
        } else {
            // runs on the completing thread, or here if completed meanwhile; either way it only posts
            future.whenComplete((r, e) -> CallbackBatch.post(callbacks, () -> settle(user, value)));
        }
        return user;
    }

    private <T> void settle(CompletableFuture<T> user, Supplier<T> value) {
        Throwable e = error();
        if (e != null) {
            user.completeExceptionally(e);
        } else {
            user.complete(value.get());
        }
    }
}
