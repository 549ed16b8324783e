package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.testing.Recorder;
import dev.kite.testing.MosquittoBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code setExecutor} and {@code setThreadFactory} against Mosquitto: handlers and token callbacks
 * run on the application's executor, in order when order matters, within the delivery bound and
 * without the publish-and-wait deadlock; the client's own threads come from the factory.
 */
class ExecutorsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A pool whose threads say they are the application's. */
    private static ExecutorService appPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "app-pool-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Test
    void orderedHandlersRunOneAtATimeInOrderOnTheGivenExecutor() {
        int n = 2_000;
        ExecutorService pool = appPool(4);
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            List<String> received = new CopyOnWriteArrayList<>();
            Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("exec-ordered")
                         .setExecutor(pool).setMessageChannelDepth(8));
                 MqttClient driver = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("exec-driver"))) {
                c.connect().await();
                driver.connect().await();
                c.subscribe("exec/in", 1, (client, m) -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    handlerThreads.add(Thread.currentThread().getName());
                    received.add(new String(m.payload()));
                    running.decrementAndGet();
                }).await();
                List<PublishToken> sent = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    sent.add(driver.publish("exec/in", 1, false, Integer.toString(i)));
                }
                sent.forEach(PublishToken::await);
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> received.size() == n);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    expected.add(Integer.toString(i));
                }
                assertThat(received).containsExactlyElementsOf(expected);
                assertThat(mostAtOnce.get()).isEqualTo(1);
                assertThat(handlerThreads).isNotEmpty().allMatch(name -> name.startsWith("app-pool-"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unorderedHandlersAndTokenCallbacksRunOnTheGivenExecutor() throws Exception {
        ExecutorService pool = appPool(4);
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
            Recorder rec = new Recorder();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("exec-pool")
                    .setExecutor(pool).setOrderMatters(false))) {
                c.connect().await();
                c.subscribe("exec/pool", 1, (client, m) -> {
                    handlerThreads.add(Thread.currentThread().getName());
                    rec.handle(client, m);
                }).await();
                String callbackThread = c.publish("exec/pool", 1, false, "m").toCompletableFuture()
                        .thenApply(v -> Thread.currentThread().getName()).get(30, TimeUnit.SECONDS);
                rec.awaitCount(1, WAIT);
                assertThat(callbackThread).startsWith("app-pool-");
                assertThat(handlerThreads).allMatch(name -> name.startsWith("app-pool-"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void handlerPublishingAndWaitingOnTheGivenExecutorDoesNotDeadlock() {
        int n = 3_000;
        ExecutorService pool = appPool(2);
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Recorder replies = new Recorder();
            try (MqttClient echo = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("exec-echo")
                         .setMessageChannelDepth(4).setExecutor(pool));
                 MqttClient driver = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("exec-drv"))) {
                echo.connect().await();
                driver.connect().await();
                driver.subscribe("exec/out", 1, replies).await();
                echo.subscribe("exec/load", 1, (client, m) -> {
                    PublishToken t = client.publish("exec/out", 1, false, m.payload());
                    t.waitFor();
                    if (t.error() != null) {
                        throw new IllegalStateException(t.error());
                    }
                }).await();
                List<PublishToken> sent = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    sent.add(driver.publish("exec/load", 1, false, Integer.toString(i)));
                }
                sent.forEach(PublishToken::await);
                replies.awaitCount(n, Duration.ofSeconds(60));
                assertThat(replies.payloads()).hasSize(n).doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theClientsOwnThreadsComeFromTheGivenFactory() {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "app-kite-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
            Recorder rec = new Recorder();
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("factory")
                    .setThreadFactory(factory).setKeepAlive(Duration.ofSeconds(5)))) {
                c.connect().await();
                c.subscribe("factory/t", 1, (client, m) -> {
                    handlerThreads.add(Thread.currentThread().getName());
                    rec.handle(client, m);
                }).await();
                c.publish("factory/t", 1, false, "m").await();
                rec.awaitCount(1, WAIT);
                Set<String> live = ConcurrentHashMap.newKeySet();
                Thread.getAllStackTraces().keySet().forEach(t -> live.add(t.getName()));
                // the scheduler (connect attempt, keepalive), the connect attempt, the reader, the
                // writer and the ordered handler thread
                assertThat(made.get()).isGreaterThanOrEqualTo(5);
                assertThat(handlerThreads).allMatch(name -> name.startsWith("app-kite-"));
                assertThat(live).noneMatch(name -> name.startsWith("kite-reader-factory")
                        || name.startsWith("kite-writer-factory") || name.startsWith("kite-dispatch-factory"));
                assertThat(live.stream().filter(name -> name.startsWith("app-kite-")).count()).isGreaterThanOrEqualTo(3);
            }
        }
    }
}
