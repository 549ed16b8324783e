package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.MqttConnectionException;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.testing.FaultProxy;
import dev.kite.testing.FreePort;
import dev.kite.testing.MosquittoBroker;
import dev.kite.mqtt.testing.Recorder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection life around a real broker: offline queue, resubscribe, states, faults, leaks. */
class ConnectionLifeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ClientOptions through(FaultProxy proxy, String id) {
        return new ClientOptions().addBroker(proxy.uri()).setClientId(id)
                .setMaxReconnectInterval(Duration.ofMillis(300));
    }

    @Test
    void offlineQueueIsBoundedAndFailsAtOnceWhenFull() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder rec = new Recorder();
            try (MqttClient sub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("q-sub"));
                 MqttClient c = MqttClient.create(through(proxy, "q").setMaxQueuedMessages(3))) {
                sub.connect().await();
                sub.subscribe("kite/queue", 1, rec).await();
                c.connect().await();
                proxy.refuse(true);
                proxy.cutAll();
                await().atMost(WAIT).until(() -> !c.isConnected());
                List<PublishToken> tokens = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    tokens.add(c.publish("kite/queue", 1, false, "m" + i));
                }
                assertThat(tokens.subList(3, 5)).allSatisfy(t -> {
                    assertThat(t.isDone()).isTrue();
                    assertThat(t.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("publish queue full");
                });
                assertThat(c.stats().queued()).isEqualTo(3);
                proxy.refuse(false);
                tokens.subList(0, 3).forEach(PublishToken::await);
                assertThat(rec.awaitCount(3, WAIT)).hasSize(3);
                assertThat(rec.payloads()).containsExactly("m0", "m1", "m2");
            }
        }
    }

    @Test
    void qos0WhileDisconnectedFailsUnlessQueueingIsAskedFor() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder rec = new Recorder();
            try (MqttClient sub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("q0-sub"));
                 MqttClient plain = MqttClient.create(through(proxy, "q0-plain"));
                 MqttClient queuing = MqttClient.create(through(proxy, "q0-queue").setQueueQos0WhileDisconnected(true))) {
                sub.connect().await();
                sub.subscribe("kite/q0", 0, rec).await();
                plain.connect().await();
                queuing.connect().await();
                proxy.refuse(true);
                proxy.cutAll();
                await().atMost(WAIT).until(() -> !plain.isConnected() && !queuing.isConnected());
                PublishToken lost = plain.publish("kite/q0", 0, false, "never silently");
                assertThat(lost.isDone()).isTrue();
                assertThat(lost.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("not connected");
                PublishToken kept = queuing.publish("kite/q0", 0, false, "kept");
                assertThat(kept.isDone()).isFalse();
                proxy.refuse(false);
                kept.await();
                assertThat(rec.awaitCount(1, WAIT)).extracting(m -> new String(m.payload())).containsExactly("kept");
            }
        }
    }

    @Test
    void subscriptionsAreRestoredWhenTheBrokerHasNoSession() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            Recorder auto = new Recorder();
            Recorder optedOut = new Recorder();
            Recorder marker = new Recorder();
            try (MqttClient a = MqttClient.create(through(proxy, "resub"));
                 MqttClient b = MqttClient.create(through(proxy, "noresub").setResubscribe(false));
                 MqttClient pub = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("resub-pub"))) {
                a.connect().await();
                b.connect().await();
                pub.connect().await();
                a.subscribe("kite/resub", 1, auto).await();
                b.subscribe("kite/resub", 1, optedOut).await();
                b.subscribe("kite/resub/marker", 1, marker).await();
                proxy.cutAll();
                await().atMost(WAIT).until(() -> a.stats().reconnects() == 1 && b.stats().reconnects() == 1);
                await().atMost(WAIT).until(() -> a.stats().inFlight() == 0 && a.stats().queued() == 0);
                // clean session: the broker forgot both; only the first subscribes again
                pub.publish("kite/resub", 1, false, "after").await();
                b.subscribe("kite/resub/marker", 1, marker).await();
                pub.publish("kite/resub/marker", 1, false, "m").await();
                assertThat(auto.awaitCount(1, WAIT)).hasSize(1);
                marker.awaitCount(1, WAIT);
                assertThat(optedOut.count()).isZero();
            }
        }
    }

    @Test
    void everyStateChangeIsReportedInOrder() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            List<ConnectionState> seen = new CopyOnWriteArrayList<>();
            List<URI> attempts = new CopyOnWriteArrayList<>();
            MqttClient c = MqttClient.create(through(proxy, "states")
                    .setStateListener((client, from, to) -> seen.add(to))
                    .setConnectionAttemptHandler((uri, tls) -> {
                        attempts.add(uri);
                        return tls;
                    }));
            c.connect().await();
            proxy.cutAll();
            await().atMost(WAIT).until(() -> c.stats().reconnects() == 1);
            c.disconnect(100);
            await().atMost(WAIT).until(() -> seen.size() >= 7);
            assertThat(seen).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED,
                    ConnectionState.DISCONNECTED_RECONNECT, ConnectionState.CONNECTING_RECONNECT,
                    ConnectionState.CONNECTED, ConnectionState.DISCONNECTING, ConnectionState.DISCONNECTED);
            assertThat(attempts).hasSize(2).allSatisfy(u -> assertThat(u.toString()).isEqualTo(proxy.uri()));
        }
    }

    @Test
    void halfOpenConnectionIsNoticedWithinKeepaliveAndPingTimeoutThenReestablished() {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            try (MqttClient c = MqttClient.create(through(proxy, "halfopen")
                    .setKeepAlive(Duration.ofSeconds(1)).setPingTimeout(Duration.ofSeconds(1))
                    .setConnectionLostHandler((client, cause) -> lost.complete(cause)))) {
                c.connect().await();
                proxy.stall();
                long start = System.nanoTime();
                Throwable cause = lost.get(10, TimeUnit.SECONDS);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(cause).isInstanceOf(MqttConnectionException.class).hasMessageContaining("no PINGRESP");
                // keepalive (1 s) + ping timeout (1 s) + the check period (250 ms) + margin
                assertThat(tookMs).isLessThan(3_500);
                proxy.cutAll();
                proxy.resume();
                await().atMost(WAIT).until(() -> c.isConnected() && c.stats().reconnects() == 1);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void writeTimeoutDropsAStuckConnection() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(); FaultProxy proxy = new FaultProxy(broker.port())) {
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            try (MqttClient c = MqttClient.create(through(proxy, "stuck").setAutoReconnect(false)
                    .setWriteTimeout(Duration.ofMillis(500))
                    .setConnectionLostHandler((client, cause) -> lost.complete(cause)))) {
                c.connect().await();
                proxy.stall();
                byte[] big = new byte[256 * 1024];
                // fill the socket buffers until a write blocks; the write timeout must end it
                for (int i = 0; i < 200 && !lost.isDone(); i++) {
                    c.publish("kite/stuck", 0, false, big);
                }
                assertThat(lost.get(10, TimeUnit.SECONDS)).isInstanceOf(MqttConnectionException.class)
                        .hasMessageContaining("did not complete within 500 ms");
            } finally {
                proxy.resume();
            }
        }
    }

    @Test
    void thousandConnectFailCloseCyclesLeaveNoThreadBehind() {
        int dead = FreePort.find();
        long before = kiteThreads();
        for (int i = 0; i < 1_000; i++) {
            MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:" + dead)
                    .setConnectTimeout(Duration.ofSeconds(2)));
            c.connect().waitFor(WAIT);
            c.close();
            c.close();
        }
        await().atMost(WAIT).until(() -> kiteThreads() <= before);
    }

    /** Threads a client owns: connect loops, readers, writers, dispatchers (not the shared pools). */
    private static long kiteThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("kite-connect-") || n.startsWith("kite-reader-")
                        || n.startsWith("kite-writer-") || n.startsWith("kite-dispatch-"))
                .count();
    }
}
