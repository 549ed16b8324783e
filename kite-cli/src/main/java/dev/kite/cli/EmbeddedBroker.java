package dev.kite.cli;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An in-process HiveMQ Community Edition broker on a free loopback port, with its configuration,
 * data and extensions folders in a temporary directory that {@link #close()} deletes.
 */
final class EmbeddedBroker implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 60;

    private final Path home;
    private final int port;
    private final EmbeddedHiveMQ hivemq;

    private EmbeddedBroker(Path home, int port, EmbeddedHiveMQ hivemq) {
        this.home = home;
        this.port = port;
        this.hivemq = hivemq;
    }

    /**
     * Starts a broker and returns once it accepts connections.
     *
     * @throws IOException if the temporary folders cannot be made or the broker does not listen
     */
    static EmbeddedBroker start() throws IOException {
        Path home = Files.createTempDirectory("kite-hivemq-");
        try {
            int port = freePort();
            Path conf = Files.createDirectory(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectory(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectory(home.resolve("extensions")))
                    // Leave logging to the CLI's SLF4J binding instead of HiveMQ's logback setup.
                    .withoutLoggingBootstrap()
                    .build();
            EmbeddedBroker broker = new EmbeddedBroker(home, port, hivemq);
            try {
                hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                broker.awaitListening();
            } catch (Exception e) {
                broker.close();
                throw new IOException("embedded HiveMQ did not start on 127.0.0.1:" + port, e);
            }
            return broker;
        } catch (IOException | RuntimeException e) {
            deleteTree(home);
            throw e;
        }
    }

    /** The broker's address, {@code tcp://127.0.0.1:PORT}. */
    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * Stops the broker and deletes its temporary folders; safe to call more than once. HiveMQ's
     * {@code close()} runs the same shutdown as {@code stop()} and also ends its state thread.
     */
    @Override
    public void close() {
        try {
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // A broker that failed to start has nothing left to stop.
        } finally {
            deleteTree(home);
        }
    }

    // HiveMQ logs a failed listener instead of failing start(), so check that the port answers.
    private void awaitListening() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String config(int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
