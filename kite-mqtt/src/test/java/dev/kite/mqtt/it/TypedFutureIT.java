package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.PublishToken;
import dev.kite.testing.MosquittoBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code toCompletableFuture()} is typed per token (what a HiveMQ user writes compiles), completes
 * with the token's result, and runs its dependents on a callback thread, never on the
 * connection's reader or writer. The broker is stopped (SIGSTOP) while the requests go out, so
 * every future is still pending when its dependent is added: the thread that runs the dependent
 * is then the one that completed the future. (The test waits on the dependent's own future, not
 * on the token's: a thread waiting in {@code get()} on a future may help run that future's
 * dependents, as {@link CompletableFuture} does.)
 */
class TypedFutureIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachTokensFutureIsTypedCompletesWithItsResultAndRunsDependentsOnACallbackThread() throws Exception {
        Map<String, String> threads = new ConcurrentHashMap<>();
        try (MosquittoBroker broker = MosquittoBroker.start();
             MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("typed"))) {
            CompletableFuture<ConnectToken> connected;
            signal(broker, "STOP");
            try {
                CompletableFuture<ConnectToken> f = c.connect().toCompletableFuture();
                connected = f.whenComplete((v, e) -> threads.put("connect", Thread.currentThread().getName()));
                assertThat(f).isNotDone();
            } finally {
                signal(broker, "CONT");
            }
            ConnectToken connack = connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(connack.returnCode()).isZero();
            assertThat(connack.sessionPresent()).isFalse();

            Map<String, Integer> filters = new LinkedHashMap<>();
            filters.put("typed/a", 1);
            filters.put("typed/b", 2);
            CompletableFuture<Map<String, Integer>> subscribed;
            CompletableFuture<Void> published;
            CompletableFuture<Void> unsubscribed;
            signal(broker, "STOP");
            try {
                CompletableFuture<Map<String, Integer>> s = c.subscribeMultiple(filters, (client, m) -> { })
                        .toCompletableFuture();
                subscribed = s.whenComplete((v, e) -> threads.put("subscribe", Thread.currentThread().getName()));
                PublishToken qos1 = c.publish("typed/a", 1, false, HELLO);
                CompletableFuture<Void> p = qos1.toCompletableFuture();
                published = p.whenComplete((v, e) -> threads.put("publish", Thread.currentThread().getName()));
                CompletableFuture<Void> u = c.unsubscribe("typed/b").toCompletableFuture();
                unsubscribed = u.whenComplete((v, e) -> threads.put("unsubscribe", Thread.currentThread().getName()));
                assertThat(s).isNotDone();
                assertThat(p).isNotDone();
                assertThat(u).isNotDone();
            } finally {
                signal(broker, "CONT");
            }
            assertThat(subscribed.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .containsExactly(Map.entry("typed/a", 1), Map.entry("typed/b", 2));
            assertThat(published.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
            assertThat(unsubscribed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();

            // QoS 0 may be written (and so complete) before the dependent is added: then the
            // dependent runs on this thread; either way never on the reader or writer
            CompletableFuture<Void> qos0 = c.publish("typed/a", 0, false, HELLO).toCompletableFuture()
                    .whenComplete((v, e) -> threads.put("qos0", Thread.currentThread().getName()));
            assertThat(qos0.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
        }
        assertThat(threads).containsOnlyKeys("connect", "subscribe", "publish", "unsubscribe", "qos0");
        assertThat(threads).allSatisfy((op, thread) -> assertThat(thread).as(op)
                .doesNotStartWith("kite-reader-").doesNotStartWith("kite-writer-"));
        assertThat(threads).hasEntrySatisfying("connect", t -> assertThat(t).startsWith("kite-callback-"))
                .hasEntrySatisfying("subscribe", t -> assertThat(t).startsWith("kite-callback-"))
                .hasEntrySatisfying("publish", t -> assertThat(t).startsWith("kite-callback-"))
                .hasEntrySatisfying("unsubscribe", t -> assertThat(t).startsWith("kite-callback-"));
    }

    @Test
    void aFailedTokensFutureFailsWithTheTokensErrorUnwrapped() throws Exception {
        try (MqttClient never = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1")
                .setClientId("typed-never"))) {
            PublishToken t = never.publish("typed/x", 1, false, HELLO);
            CompletableFuture<Void> f = t.toCompletableFuture();
            Throwable seen = f.handle((v, e) -> e).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(seen).isInstanceOf(MqttClientException.class).isSameAs(t.error());
            assertThat(f).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(MqttClientException.class);
        }
    }

    /** Sends a signal to the broker: STOP freezes it (nothing is read or answered), CONT resumes it. */
    private static void signal(MosquittoBroker broker, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(broker.pid())).inheritIO().start();
        assertThat(kill.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s", signal).isZero();
    }
}
