package dev.kite.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Small helpers for the daemons tests start: skip or fail without them, wait, stop by PID. */
public final class Processes {
    private Processes() {
    }

    /** Returns the first executable candidate, or skips the test (fails with KITE_REQUIRE_MOSQUITTO=1). */
    public static String require(String packageName, String... candidates) {
        for (String c : candidates) {
            if (new File(c).canExecute()) {
                return c;
            }
        }
        String why = packageName + " is not installed (apt-get install " + packageName + ")";
        if ("1".equals(System.getenv("KITE_REQUIRE_MOSQUITTO"))) {
            throw new IllegalStateException("KITE_REQUIRE_MOSQUITTO=1 but " + why);
        }
        Assumptions.abort(why + ": test skipped");
        return null;
    }

    /** Waits until something accepts on 127.0.0.1:port, or the process exits. */
    public static void awaitListening(Process process, int port, String name) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !process.isAlive() || accepts(port));
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited at start with " + process.exitValue());
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the process and its children by PID: SIGTERM, then SIGKILL after 5 s. */
    public static void stop(Process process) {
        if (process == null) {
            return;
        }
        var children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Deletes a directory tree, ignoring what cannot be deleted. */
    public static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
