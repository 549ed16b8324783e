package dev.kite.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import com.hivemq.extension.sdk.api.ExtensionMain;
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
 * An embedded HiveMQ Community Edition broker for tests and the demo: in-process, on free loopback
 * ports, with in-memory persistence and its folders in a temporary directory that {@link #close()}
 * deletes. Anonymous clients are allowed (the embedded default) unless an extension given to
 * {@link #startWithExtension} decides otherwise.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start()) {
 *     MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()));
 *     ...
 * }
 * }</pre>
 *
 * <p>Ports are picked free and then handed to HiveMQ, so another process could take one in
 * between; {@code start} then tries again with new ports, up to {@value #ATTEMPTS} times.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** The WebSocket listener's path. */
    public static final String WEBSOCKET_PATH = "/mqtt";

    private static final int ATTEMPTS = 3;
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Path home;
    private final int port;
    private final int webSocketPort;
    private final EmbeddedHiveMQ hivemq;
    private int tlsWebSocketPort = -1;
    private boolean closed;

    private EmbeddedBroker(Path home, int port, int webSocketPort, EmbeddedHiveMQ hivemq) {
        this.home = home;
        this.port = port;
        this.webSocketPort = webSocketPort;
        this.hivemq = hivemq;
    }

    /**
     * Starts a broker with TCP, WebSocket and TLS WebSocket listeners (both on path
     * {@value #WEBSOCKET_PATH}), and returns once all accept connections.
     *
     * @param keystore a PKCS#12 (or JKS) key store holding the server's key and certificate
     * @param password the key store's password, also the key's
     * @return the running broker; close it
     * @throws IOException if the broker cannot be started or does not listen
     */
    public static EmbeddedBroker startWithTlsWebSocket(Path keystore, String password) throws IOException {
        return startRetrying(true, keystore, password, null);
    }

    /**
     * @return {@code wss://127.0.0.1:PORT/mqtt}, the TLS WebSocket listener's address
     * @throws IllegalStateException if the broker was started without it
     */
    public String secureWebSocketUri() {
        if (tlsWebSocketPort < 0) {
            throw new IllegalStateException("broker started without TLS WebSocket: use startWithTlsWebSocket()");
        }
        return "wss://127.0.0.1:" + tlsWebSocketPort + WEBSOCKET_PATH;
    }

    /**
     * Starts a broker with a TCP listener only and returns once it accepts connections.
     *
     * @return the running broker; close it
     * @throws IOException if the broker cannot be started or does not listen
     */
    public static EmbeddedBroker start() throws IOException {
        return start(false);
    }

    /**
     * Starts a broker with a TCP listener and a WebSocket listener on path {@value #WEBSOCKET_PATH},
     * and returns once both accept connections.
     *
     * @return the running broker; close it
     * @throws IOException if the broker cannot be started or does not listen
     */
    public static EmbeddedBroker startWithWebSocket() throws IOException {
        return start(true);
    }

    /**
     * Starts a broker with a TCP listener and one extension running in the broker's process, and
     * returns once it accepts connections. The extension is started before any client can connect,
     * so an authenticator it registers sees every client.
     *
     * <pre>{@code
     * try (EmbeddedBroker broker = EmbeddedBroker.startWithExtension("auth", new MyAuthExtension())) {
     *     ...
     * }
     * }</pre>
     *
     * @param id the extension's id, unique in the broker, such as {@code "kite-hmac-auth"}
     * @param extension the extension's main class, whose {@code extensionStart} HiveMQ calls
     * @return the running broker; close it (which stops the extension)
     * @throws IOException if the broker cannot be started or does not listen
     * @throws IllegalArgumentException if the id is blank
     */
    public static EmbeddedBroker startWithExtension(String id, ExtensionMain extension) throws IOException {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("extension id '" + id + "': must not be blank");
        }
        EmbeddedExtension embedded = EmbeddedExtension.builder().withId(id).withName(id).withVersion("1")
                .withAuthor("Kite").withPriority(1000).withStartPriority(1000)
                .withExtensionMain(java.util.Objects.requireNonNull(extension, "extension")).build();
        return startRetrying(false, null, null, embedded);
    }

    private static EmbeddedBroker start(boolean webSocket) throws IOException {
        return startRetrying(webSocket, null, null, null);
    }

    private static EmbeddedBroker startRetrying(boolean webSocket, Path keystore, String password,
            EmbeddedExtension extension) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return startOnce(webSocket, keystore, password, extension);
            } catch (IOException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }

    private static EmbeddedBroker startOnce(boolean webSocket, Path keystore, String password,
            EmbeddedExtension extension) throws IOException {
        Path home = Files.createTempDirectory("kite-hivemq-");
        int port = freePort();
        int wsPort = webSocket ? freePort() : -1;
        int tlsWsPort = keystore != null ? freePort() : -1;
        Path conf = Files.createDirectory(home.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), BrokerConfig.xml(port, wsPort, WEBSOCKET_PATH, tlsWsPort, keystore, password),
                StandardCharsets.UTF_8);
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectory(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectory(home.resolve("extensions")))
                // Leave logging to the SLF4J binding on the class path instead of HiveMQ's logback setup.
                .withoutLoggingBootstrap();
        if (extension != null) {
            builder = builder.withEmbeddedExtension(extension);
        }
        EmbeddedHiveMQ hivemq = builder.build();
        EmbeddedBroker broker = new EmbeddedBroker(home, port, wsPort, hivemq);
        broker.tlsWebSocketPort = tlsWsPort;
        try {
            hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // HiveMQ logs a listener that could not bind instead of failing start().
            awaitListening(port);
            if (webSocket) {
                awaitListening(wsPort);
            }
            if (tlsWsPort >= 0) {
                awaitListening(tlsWsPort);
            }
            return broker;
        } catch (Exception e) {
            broker.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("embedded HiveMQ did not start on 127.0.0.1:" + port
                    + (webSocket ? " (WebSocket " + wsPort + ")" : ""), e);
        }
    }

    /** @return {@code tcp://127.0.0.1:PORT}, the TCP listener's address */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return the TCP listener's port */
    public int port() {
        return port;
    }

    /**
     * @return {@code ws://127.0.0.1:PORT/mqtt}, the WebSocket listener's address
     * @throws IllegalStateException if the broker was started without WebSocket
     */
    public String webSocketUri() {
        return "ws://127.0.0.1:" + webSocketPort() + WEBSOCKET_PATH;
    }

    /**
     * @return the WebSocket listener's port
     * @throws IllegalStateException if the broker was started without WebSocket
     */
    public int webSocketPort() {
        if (webSocketPort < 0) {
            throw new IllegalStateException("broker started without WebSocket: use startWithWebSocket()");
        }
        return webSocketPort;
    }

    /**
     * Returns the temporary directory holding the broker's folders; gone after {@link #close()}.
     *
     * @return the directory
     */
    public Path home() {
        return home;
    }

    /** Stops the broker and deletes its temporary folders; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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

    private static void awaitListening(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
