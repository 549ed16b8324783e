package dev.kite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real proxy from Debian's packages, started on a free loopback port with a generated
 * configuration and stopped by PID: Dante ({@code danted}, SOCKS5) or tinyproxy (HTTP
 * {@code CONNECT}, optionally with basic credentials).
 */
public final class ProxyServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;
    private final String logName;

    private ProxyServer(Path dir, int port, Process process, String logName) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.logName = logName;
    }

    /** Starts Dante as a SOCKS5 proxy without authentication; skips the test without it. */
    public static ProxyServer dante() {
        String bin = Processes.require("dante-server", "/usr/sbin/danted", "/usr/bin/danted");
        try {
            Path dir = Files.createTempDirectory("kite-dante");
            int port = FreePort.find();
            String rule = "{ from: 127.0.0.0/8 to: 0.0.0.0/0 log: error connect disconnect }";
            Files.write(dir.resolve("danted.conf"), List.of(
                    "logoutput: " + dir.resolve("proxy.log"),
                    "internal: 127.0.0.1 port = " + port,
                    "external: 127.0.0.1",
                    "socksmethod: none",
                    "clientmethod: none",
                    "user.privileged: root",
                    "user.unprivileged: nobody",
                    "client pass " + rule,
                    "socks pass " + rule), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(bin, "-f", dir.resolve("danted.conf").toString(), "-N", "1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Processes.awaitListening(p, port, "danted");
            return new ProxyServer(dir, port, p, "proxy.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts tinyproxy; with a user, clients must send basic credentials. Skips without it. */
    public static ProxyServer tinyproxy(String user, String password) {
        String bin = Processes.require("tinyproxy", "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy");
        try {
            Path dir = Files.createTempDirectory("kite-tinyproxy");
            int port = FreePort.find();
            List<String> conf = new ArrayList<>(List.of(
                    "Port " + port,
                    "Listen 127.0.0.1",
                    "Timeout 60",
                    "Allow 127.0.0.1",
                    "LogFile \"" + dir.resolve("proxy.log") + "\"",
                    "LogLevel Info",
                    "MaxClients 20"));
            if (user != null) {
                conf.add("BasicAuth " + user + " " + password);
            }
            Files.write(dir.resolve("tinyproxy.conf"), conf, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(bin, "-d", "-c", dir.resolve("tinyproxy.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Processes.awaitListening(p, port, "tinyproxy");
            return new ProxyServer(dir, port, p, "proxy.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the port. */
    public int port() {
        return port;
    }

    /** Returns the proxy's log so far. */
    public String log() {
        try {
            Path p = dir.resolve(logName);
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
        Processes.deleteTree(dir.toFile());
    }
}
