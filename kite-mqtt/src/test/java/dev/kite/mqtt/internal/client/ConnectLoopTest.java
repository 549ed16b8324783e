package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.FrozenOptions;
import dev.kite.mqtt.MqttException;
import dev.kite.mqtt.ProtocolVersion;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The connect and reconnect loop, driven by a scheduler that only records what it is asked to
 * wait and runs the task when the test says so: no sockets, no sleeping, no real seconds.
 */
class ConnectLoopTest {
    private static final URI A = URI.create("tcp://a.example:1883");
    private static final URI B = URI.create("tcp://b.example:1883");
    /** Two bytes of CONNACK: accepted, no session present. */
    private static final byte[] CONNACK = {0x20, 0x02, 0x00, 0x00};

    private final ReentrantLock lock = new ReentrantLock();
    private final FakeTimer timer = new FakeTimer();
    private final Host host = new Host();
    private final List<URI> dialled = new ArrayList<>();
    /** Brokers that accept; every other one refuses the TCP connection. */
    private final Set<URI> up = new CopyOnWriteArraySet<>();

    private ConnectLoop loop(ClientOptions options) {
        ClientConfig config = FrozenOptions.of(options);
        Connector connector = new Connector(config, null, List.of(new Broker(A, null), new Broker(B, null)),
                (uri, dial) -> {
                    dialled.add(uri);
                    if (!up.contains(uri)) {
                        throw new ConnectException("Connection refused: " + uri);
                    }
                    return new ScriptedLink(uri, CONNACK);
                });
        // 0.5 draws the nominal delay: the test reads the doubling without jitter
        return new ConnectLoop(lock, host, connector, new Backoff(Duration.ofSeconds(1), config.maxReconnectInterval()),
                config.connectRetryInterval(), timer, Runnable::run, () -> 0.5);
    }

    private void start(ConnectLoop loop, boolean reconnect) {
        lock.lock();
        try {
            loop.start(reconnect);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void reconnectWaitsHalfTheFirstSecondThenDoublesUpToTheCap() {
        ConnectLoop loop = loop(new ClientOptions().setMaxReconnectInterval(Duration.ofSeconds(5)));

        start(loop, true);
        for (int i = 0; i < 6; i++) {
            timer.runNext();
        }

        assertThat(timer.delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(host.failures).isEqualTo(6);
    }

    @Test
    void everyAttemptCyclesThroughTheBrokersInOrder() {
        ConnectLoop loop = loop(new ClientOptions());

        start(loop, true);
        timer.runNext();
        timer.runNext();
        timer.runNext();

        assertThat(dialled).containsExactly(A, B, A, B, A, B);
    }

    @Test
    void theReconnectingHandlerRunsBeforeEachReconnectAttempt() {
        ConnectLoop loop = loop(new ClientOptions());

        start(loop, true);
        timer.runNext();
        timer.runNext();

        assertThat(host.events).containsExactly("reconnecting", "attempt", "failed", "reconnecting", "attempt", "failed");
    }

    @Test
    void theReconnectingHandlerDoesNotRunForAFirstConnect() {
        ConnectLoop loop = loop(new ClientOptions().setConnectRetry(true));

        start(loop, false);
        timer.runNext();
        timer.runNext();

        assertThat(host.events).containsExactly("attempt", "failed", "attempt", "failed");
    }

    @Test
    void aFirstConnectStartsAtOnceAndRetriesEveryRetryInterval() {
        ConnectLoop loop = loop(new ClientOptions().setConnectRetry(true)
                .setConnectRetryInterval(Duration.ofSeconds(7)));

        start(loop, false);
        timer.runNext();
        timer.runNext();
        timer.runNext();

        assertThat(timer.delays).containsExactly(Duration.ZERO, Duration.ofSeconds(7), Duration.ofSeconds(7),
                Duration.ofSeconds(7));
    }

    @Test
    void whenTheHostGivesUpNothingMoreIsScheduled() {
        ConnectLoop loop = loop(new ClientOptions());
        host.retry = false;

        start(loop, false);
        timer.runNext();

        assertThat(timer.pending).isEmpty();
        assertThat(host.events).containsExactly("attempt", "failed");
    }

    @Test
    void successInstallsTheConnectionAndSchedulesNothingMore() {
        ConnectLoop loop = loop(new ClientOptions());
        up.add(B);

        start(loop, true);
        timer.runNext();

        assertThat(host.events).containsExactly("reconnecting", "attempt", "installed " + B);
        assertThat(dialled).containsExactly(A, B);
        assertThat(timer.pending).isEmpty();
    }

    @Test
    void theBackoffStartsOverAfterASuccess() {
        ConnectLoop loop = loop(new ClientOptions());
        start(loop, true);
        timer.runNext();
        timer.runNext();
        timer.runNext();
        up.add(A);
        timer.runNext();
        assertThat(timer.pending).isEmpty();
        up.clear();
        timer.delays.clear();

        start(loop, true);
        timer.runNext();
        timer.runNext();

        assertThat(timer.delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void stopCancelsThePendingAttemptAtOnce() {
        ConnectLoop loop = loop(new ClientOptions());
        start(loop, true);
        timer.runNext();
        assertThat(timer.pending).hasSize(1);

        lock.lock();
        try {
            loop.stop();
        } finally {
            lock.unlock();
        }

        assertThat(timer.pending).isEmpty();
        assertThat(timer.cancelled).isEqualTo(1);
        assertThat(dialled).hasSize(2);
    }

    @Test
    void aStartAfterStopSchedulesNothing() {
        ConnectLoop loop = loop(new ClientOptions());
        lock.lock();
        try {
            loop.stop();
            loop.start(true);
        } finally {
            lock.unlock();
        }
        assertThat(timer.pending).isEmpty();
    }

    /** Records each delay; runs a task only when the test asks. */
    private static final class FakeTimer implements ConnectLoop.Timer {
        final List<Duration> delays = new ArrayList<>();
        final Deque<Runnable> pending = new ArrayDeque<>();
        int cancelled;

        @Override
        public Runnable schedule(Runnable task, Duration delay) {
            delays.add(delay);
            pending.add(task);
            return () -> {
                if (pending.remove(task)) {
                    cancelled++;
                }
            };
        }

        void runNext() {
            assertThat(pending).as("a scheduled attempt").isNotEmpty();
            pending.poll().run();
        }
    }

    /** The client's side of the loop, recording what it is told. */
    private final class Host implements ConnectLoop.Host {
        final List<String> events = new ArrayList<>();
        boolean retry = true;
        int failures;

        @Override
        public void beforeReconnect() {
            assertThat(lock.isHeldByCurrentThread()).as("user code runs without the lock").isFalse();
            events.add("reconnecting");
        }

        @Override
        public ProtocolVersion attempting(boolean reconnect) {
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            events.add("attempt");
            return null;
        }

        @Override
        public boolean install(Connector.Accepted accepted, boolean reconnect) {
            events.add("installed " + accepted.broker());
            return true;
        }

        @Override
        public boolean failed(MqttException error, boolean reconnect) {
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            events.add("failed");
            failures++;
            return retry;
        }

        @Override
        public void broken(Throwable cause) {
            events.add("broken " + cause);
        }
    }
}
