package dev.kite.cli;

import static org.awaitility.Awaitility.await;

import dev.kite.testing.MosquittoBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs mosquitto_pub/mosquitto_sub or kite pub/kite sub as child processes with the same
 * arguments, so that a scenario can run twice and compare bytes and exit codes. Kite runs from
 * kite-cli/target/kite.jar (built in the package phase, before Failsafe), else from the test
 * class path.
 */
final class Tools {
    /** Which implementation runs. */
    enum Impl { MOSQUITTO, KITE }

    /** What a finished process left. */
    record Result(int exit, byte[] out, String err) {
        String stdout() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** A running process whose output is collected in the background. */
    static final class Running {
        final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Thread outPump;
        private final Thread errPump;

        Running(Process p) {
            this.process = p;
            this.outPump = pump(p.getInputStream(), out);
            this.errPump = pump(p.getErrorStream(), err);
        }

        private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        synchronized (sink) {
                            sink.write(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        String stdoutSoFar() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        Result await() {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("process did not exit within 30 s; stdout so far: " + stdoutSoFar());
                }
                outPump.join(5000);
                errPump.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            synchronized (out) {
                return new Result(process.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private Tools() {
    }

    static List<String> command(Impl impl, String tool, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (impl == Impl.MOSQUITTO) {
            cmd.add("/usr/bin/mosquitto_" + tool);
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-XX:TieredStopAtLevel=1");
            Path jar = Path.of("target", "kite.jar");
            if (Files.exists(jar)) {
                cmd.add("-jar");
                cmd.add(jar.toString());
            } else {
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(Kite.class.getName());
            }
            cmd.add(tool);
        }
        cmd.addAll(args);
        return cmd;
    }

    static Running start(Impl impl, String tool, byte[] stdin, String... args) {
        try {
            Process p = new ProcessBuilder(command(impl, tool, List.of(args))).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            return new Running(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a tool reading its standard input from a file, a device or a FIFO. */
    static Running startReading(java.io.File stdin, Impl impl, String tool, String... args) {
        try {
            return new Running(new ProcessBuilder(command(impl, tool, List.of(args))).redirectInput(stdin).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(Impl impl, String tool, byte[] stdin, String... args) {
        return start(impl, tool, stdin, args).await();
    }

    static Result run(Impl impl, String tool, String... args) {
        return run(impl, tool, null, args);
    }

    /** Starts a subscriber and waits until the broker has its SUBSCRIBE (its client id must be unique). */
    static Running subscribed(MosquittoBroker broker, Impl impl, String clientId, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", Integer.toString(broker.port()), "-i", clientId));
        all.addAll(List.of(args));
        Running r = start(impl, "sub", null, all.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> broker.log().contains("Received SUBSCRIBE from " + clientId + "\n")
                        || !r.process.isAlive());
        return r;
    }

    /** Waits until the broker has seen a client with this id disconnect or time out. */
    static void awaitGone(MosquittoBroker broker, String clientId, int times) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> count(broker.log(), "Client " + clientId + " ") >= times);
    }

    /** Waits until the broker's log has this text. */
    static void awaitLog(MosquittoBroker broker, String text) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> broker.log().contains(text));
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
