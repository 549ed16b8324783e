package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.internal.transport.Dial;
import dev.kite.mqtt.internal.transport.Link;
import dev.kite.mqtt.internal.transport.Transports;
import dev.kite.testing.MosquittoBroker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code unix:///path} against a Mosquitto Unix socket listener. */
class UnixSocketIT {
    /** CONNECT, MQTT 3.1.1, clean session, keep alive 30 s, client id "u". */
    private static final byte[] CONNECT = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 30, 0, 1, 'u'};

    private static Path dir;
    private static Path socket;
    private static MosquittoBroker broker;

    @BeforeAll
    static void start() throws Exception {
        MosquittoBroker.assumeAvailable();
        dir = Files.createTempDirectory("kite-unix");
        socket = dir.resolve("mqtt.sock");
        broker = MosquittoBroker.builder().config("listener 0 " + socket).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void unixRoundTrips() {
        RoundTrip.check(new ClientOptions().addBroker("unix://" + socket));
    }

    @Test
    void aReaderBlockedInReadDoesNotBlockAWriter() throws Exception {
        try (Link link = Transports.open(URI.create("unix://" + socket), Dial.of(Duration.ofSeconds(5)))) {
            byte[] got = new byte[4];
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return link.input().readNBytes(got, 0, 4);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the reader stays blocked: nothing was sent yet
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !reader.isDone());
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    link.output().write(CONNECT);
                    link.output().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.get(5, TimeUnit.SECONDS);
            assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(got).containsExactly(0x20, 2, 0, 0);
        }
    }

    @Test
    void closeUnblocksAReader() throws Exception {
        Link link = Transports.open(URI.create("unix://" + socket), Dial.of(Duration.ofSeconds(5)));
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return link.input().read();
            } catch (Exception e) {
                return -2;
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !reader.isDone());
        link.close();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isIn(-1, -2);
    }

    @Test
    void missingSocketSaysWhere() {
        Throwable e = RoundTrip.connectError(new ClientOptions().addBroker("unix://" + dir.resolve("nope.sock")));
        assertThat(e).hasMessageContaining("nope.sock");
    }
}
