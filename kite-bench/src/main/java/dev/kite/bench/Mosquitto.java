package dev.kite.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto for the end-to-end runs, started as kite-mqtt's test fixture starts it (a generated
 * configuration on a free loopback port, stopped by PID), with the limits a benchmark needs.
 */
final class Mosquitto implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    Mosquitto() throws IOException, InterruptedException {
        String binary = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto").stream()
                .filter(p -> new File(p).canExecute()).findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto is not installed (apt-get install mosquitto)"));
        dir = Files.createTempDirectory("kite-bench-mosquitto");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> lines = List.of(
                "listener " + port + " 127.0.0.1",
                "user root",
                "allow_anonymous true",
                "persistence false",
                "log_dest none",
                "max_inflight_messages 1000",
                "max_queued_messages 1000000",
                "max_connections -1",
                "set_tcp_nodelay true");
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, lines, StandardCharsets.UTF_8);
        process = new ProcessBuilder(binary, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start: " + Files.readString(dir.resolve("stdout.log")));
            }
            Thread.sleep(20);
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

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    static String version() {
        try {
            Process p = new ProcessBuilder("mosquitto", "-h").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().filter(l -> l.contains("version")).findFirst().orElse("mosquitto").trim();
        } catch (IOException | InterruptedException e) {
            return "mosquitto (version unknown)";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (File f : dir.toFile().listFiles()) {
            f.delete();
        }
        dir.toFile().delete();
    }
}
