package dev.kite.cli;

import dev.kite.cli.mosq.MosquittoTools;
import dev.kite.cli.mosq.SignalExit;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;

/**
 * The {@code kite} command's entry point. {@code kite pub} and {@code kite sub} start here without
 * touching picocli: its classes are compiled for Java 5, which class-data sharing cannot archive,
 * and any class that refers to them (with its lambdas) is left out of the archive too, so a short
 * {@code kite pub} would pay for loading and linking them. Every other command goes to {@link Kite}.
 *
 * @since 0.1.0
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (isMosquittoTool(args)) {
            // the library's warnings (a lost connection, say) are not part of mosquitto's output
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
            // One connection for a moment: virtual threads buy nothing here, and on Java 21+ their
            // socket reads park on the JDK's poller thread, which sits in native code, where the
            // JVM's exit waits up to 300 ms for it (measured: kite pub 530 ms instead of 240 ms).
            if (System.getProperty("kite.platformThreads") == null) {
                System.setProperty("kite.platformThreads", "true");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(new SignalHook(), "kite-signal"));
            System.exit(runTool(args, System.in, System.out, System.err));
        }
        Kite.main(args);
    }

    static boolean isMosquittoTool(String[] args) {
        return args.length > 0 && (args[0].equals("pub") || args[0].equals("sub"));
    }

    /**
     * Runs {@code kite pub} or {@code kite sub} with the given streams and returns the exit code.
     *
     * @param args the command line, starting with {@code pub} or {@code sub}
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @return the exit code, as mosquitto_pub or mosquitto_sub would give it
     */
    static int runTool(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return MosquittoTools.run(args[0], Arrays.copyOfRange(args, 1, args.length), version(), in, out, err);
    }

    /** The version Maven wrote into {@code version.properties} at build time. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    /** On SIGINT or SIGTERM, lets a running tool disconnect cleanly and exit with its own code. */
    private static final class SignalHook implements Runnable {
        @Override
        public void run() {
            int code = SignalExit.stopCurrent();
            if (code >= 0) {
                Runtime.getRuntime().halt(code);
            }
        }
    }
}
