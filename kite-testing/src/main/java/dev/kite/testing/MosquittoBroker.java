package dev.kite.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker for tests: started with a generated configuration on a free loopback
 * port, stopped by its PID. Without the {@code mosquitto} binary, tests using it are skipped,
 * unless {@code KITE_REQUIRE_MOSQUITTO=1}, where its absence fails them.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final String BINARY = findBinary();

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private final boolean persistence;
    private final List<String> extra = new ArrayList<>();
    private Process process;

    private MosquittoBroker(Builder b) throws IOException {
        this.dir = Files.createTempDirectory("kite-mosquitto");
        this.port = FreePort.find();
        this.extraConfig = List.copyOf(b.config);
        this.persistence = b.persistence;
        if (b.username != null) {
            Path passwd = dir.resolve("passwd");
            run("mosquitto_passwd", "-b", "-c", passwd.toString(), b.username, b.password);
            this.extra.add("password_file " + passwd);
            this.extra.add("allow_anonymous false");
        } else {
            this.extra.add("allow_anonymous true");
        }
    }

    /** Returns a builder; call {@link Builder#start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a plain broker: anonymous access, no persistence. */
    public static MosquittoBroker start() {
        return builder().start();
    }

    /** Skips the calling test when Mosquitto is missing, or fails it if it is required. */
    public static void assumeAvailable() {
        if (BINARY == null) {
            if ("1".equals(System.getenv("KITE_REQUIRE_MOSQUITTO"))) {
                throw new IllegalStateException("KITE_REQUIRE_MOSQUITTO=1 but no mosquitto binary on this machine");
            }
            Assumptions.abort("mosquitto is not installed (apt-get install mosquitto): test skipped");
        }
    }

    /** Settings of a broker to start. */
    public static final class Builder {
        private final List<String> config = new ArrayList<>();
        private String username;
        private String password;
        private boolean persistence;

        /** Requires this user name and password; anonymous clients are refused. */
        public Builder credentials(String user, String pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        /** Keeps sessions and messages on disk across restarts. */
        public Builder persistence() {
            this.persistence = true;
            return this;
        }

        /** Adds a configuration line. */
        public Builder config(String line) {
            config.add(line);
            return this;
        }

        /**
         * Adds a TLS listener on a loopback port with a server certificate of {@code pki}, signed
         * by its {@code ca.pem}; with {@code requireClientCertificate}, a client must show one
         * signed by that CA.
         */
        public Builder tlsListener(int port, Pki pki, String serverCertificate, boolean requireClientCertificate) {
            return config("listener " + port + " 127.0.0.1")
                    .config("cafile " + pki.path("ca.pem"))
                    .config("certfile " + pki.path(serverCertificate + ".pem"))
                    .config("keyfile " + pki.path(serverCertificate + ".key"))
                    .config("require_certificate " + requireClientCertificate);
        }

        /** Starts the broker and waits until it accepts connections. */
        public MosquittoBroker start() {
            assumeAvailable();
            try {
                MosquittoBroker b = new MosquittoBroker(this);
                b.launch();
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void launch() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        // as root Mosquitto drops to its own user unless told otherwise; it must read our temp dir
        lines.add("user root");
        lines.add("log_dest file " + dir.resolve("mosquitto.log"));
        lines.add("log_type all");
        lines.add("max_queued_messages 100000");
        if (persistence) {
            lines.add("persistence true");
            lines.add("persistence_location " + dir + "/");
            lines.add("autosave_interval 1");
        } else {
            lines.add("persistence false");
        }
        lines.addAll(extra);
        lines.addAll(extraConfig);
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, lines, StandardCharsets.UTF_8);
        process = new ProcessBuilder(BINARY, "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !process.isAlive() || accepts());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited at start: " + log());
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns {@code tcp://127.0.0.1:PORT}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Returns the port. */
    public int port() {
        return port;
    }

    /** Returns the process id. */
    public long pid() {
        return process.pid();
    }

    /** Stops with SIGTERM (a persistent broker saves its state) and waits for the process. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitExit();
        }
    }

    /** Kills with SIGKILL. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitExit();
        }
    }

    /** Starts again on the same port with the same configuration. */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void waitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns the broker's log so far. */
    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            String out = Files.exists(log) ? Files.readString(log) : "";
            Path stdout = dir.resolve("stdout.log");
            return out + (Files.exists(stdout) ? Files.readString(stdout) : "");
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
        deleteTree(dir.toFile());
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String findBinary() {
        for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
