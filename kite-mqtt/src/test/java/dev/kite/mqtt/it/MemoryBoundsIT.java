package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.testing.HostilePeer;
import dev.kite.mqtt.testing.MockBroker;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A hostile peer that really sends the bytes it declares, against a client with default options
 * in a child JVM of 128 MiB heap that exits at the first {@code OutOfMemoryError}: the default
 * inbound packet limit and the byte bound of the delivery queue keep it alive.
 */
class MemoryBoundsIT {
    private static final int HEAP_MIB = 128;
    private static final int MESSAGE = 512 * 1024;
    /** 512 MiB in all: four times the child's heap. */
    private static final int FLOOD = 1000;
    private static final Duration BOUND = Duration.ofSeconds(120);

    @Test
    void publishOf200MegabytesBeforeConnackFailsTheConnectFromItsHeaderWithoutRunningOutOfMemory() throws Exception {
        int declared = 200 << 20;
        AtomicLong streamed = new AtomicLong();
        try (MockBroker peer = new MockBroker(p -> {
            p.expect(Connect.class, 30);
            p.sendRaw(header(0x30, declared));
            byte[] chunk = new byte[64 * 1024];
            long deadline = System.nanoTime() + BOUND.toNanos();
            // until the client closes the socket (the write fails) or all of it is sent
            while (streamed.get() < declared && System.nanoTime() < deadline) {
                p.sendRaw(chunk);
                streamed.addAndGet(chunk.length);
            }
        })) {
            Child child = Child.start("connect", peer.uri());
            try {
                assertThat(child.waitFor(BOUND)).as(child.output()).isZero();
                assertThat(child.output()).contains("MqttProtocolException",
                        "PUBLISH: remaining length 209715200 exceeds the maximum 4194304",
                        "ClientOptions.setMaxIncomingPacketSize");
                assertThat(streamed.get()).as("bytes the peer got to send").isLessThan(declared);
            } finally {
                child.destroy();
            }
        }
    }

    @Test
    void floodOfHalfMegabyteMessagesBehindABlockedHandlerStopsTheReaderInsteadOfFillingTheHeap() throws Exception {
        byte[] publish = qos0Publish("flood", MESSAGE);
        AtomicInteger written = new AtomicInteger();
        AtomicLong writingSince = new AtomicLong();
        try (MockBroker peer = new MockBroker(p -> {
            HostilePeer.accept(p);
            long deadline = System.nanoTime() + BOUND.toNanos();
            for (int i = 0; i < FLOOD && System.nanoTime() < deadline; i++) {
                writingSince.set(System.nanoTime());
                p.sendRaw(publish);
                writingSince.set(0);
                written.incrementAndGet();
            }
        })) {
            Child child = Child.start("flood", peer.uri(), String.valueOf(FLOOD));
            try {
                // backpressure: the peer's write blocks because the client stopped reading
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                        !child.isAlive() || blockedFor(writingSince) > TimeUnit.SECONDS.toNanos(1));
                assertThat(child.isAlive()).as("child alive while the peer is blocked; " + child.output()).isTrue();
                assertThat((long) written.get() * MESSAGE).as("bytes sent before the client stopped reading")
                        .isLessThan((long) HEAP_MIB << 20);
                child.send("release");
                assertThat(child.waitFor(BOUND)).as(child.output()).isZero();
                assertThat(child.output()).contains("handled " + FLOOD + " of " + FLOOD);
                assertThat(written.get()).isEqualTo(FLOOD);
            } finally {
                child.destroy();
            }
        }
    }

    private static long blockedFor(AtomicLong since) {
        long s = since.get();
        return s == 0 ? 0 : System.nanoTime() - s;
    }

    /** The fixed header of a packet declaring {@code remaining} bytes. */
    private static byte[] header(int first, int remaining) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int n = remaining;
        do {
            int b = n & 0x7F;
            n >>>= 7;
            out.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
        return out.toByteArray();
    }

    private static byte[] qos0Publish(String topic, int payload) throws IOException {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header(0x30, 2 + t.length + payload));
        out.write(t.length >> 8);
        out.write(t.length);
        out.write(t);
        out.write(new byte[payload]);
        return out.toByteArray();
    }

    /** {@link MemoryBoundsChild} in a JVM of its own, with the test's class path and a small heap. */
    private static final class Child {
        private final Process process;
        private final File output;

        private Child(Process process, File output) {
            this.process = process;
            this.output = output;
        }

        static Child start(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), MemoryBoundsChild.class.getName()));
            command.addAll(List.of(args));
            File out = Files.createTempFile("kite-memory-child", ".log").toFile();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
            return new Child(p, out);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        void send(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Waits for the exit code; -1 if the child is still running after {@code bound}. */
        int waitFor(Duration bound) throws InterruptedException {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        }

        String output() {
            try {
                return "child output:\n" + Files.readString(output.toPath());
            } catch (IOException e) {
                return "child output unreadable: " + e;
            }
        }

        void destroy() {
            process.destroyForcibly();
            output.delete();
        }
    }
}
