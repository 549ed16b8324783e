package dev.kite.cli;

import java.io.IOException;
import dev.kite.cli.mosq.MosquittoTools;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kite} command: an MQTT client on the command line. Subcommands do the work:
 * {@code kite pub} and {@code kite sub} (drop-in replacements for mosquitto_pub and mosquitto_sub),
 * {@code kite bench} (load and latency from one process) and {@code kite demo}.
 *
 * <pre>{@code
 * java -jar kite.jar sub -t 'sensors/#' -v
 * java -jar kite.jar pub -t sensors/1 -m 21.5 -q 1
 * java -jar kite.jar demo
 * java -jar kite.jar demo --broker tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.1.0
 */
@Command(
        name = "kite",
        mixinStandardHelpOptions = true,
        versionProvider = Kite.Version.class,
        description = "An MQTT client on the command line.",
        subcommands = {Kite.Pub.class, Kite.Sub.class, dev.kite.cli.bench.BenchCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Kite implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits the JVM with its exit code (for {@code demo}: 0 on success,
     * 1 when it failed, 2 on a usage error; {@code pub} and {@code sub} exit as mosquitto's tools
     * do). It exits explicitly because an embedded broker may leave non-daemon threads behind.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("bench")) {
            // a bench counts failures and prints the first one; thousands of warnings would drown it
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
        }
        if (Main.isMosquittoTool(args)) {
            Main.main(args);   // their logging, signal hook and threads are set up there
            return;
        }
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the command line with the given streams and returns the exit code; never exits the JVM.
     *
     * @param args the command line
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("__cds-training")) {
            try {
                return CdsTraining.run();
            } catch (IOException e) {
                err.println("kite: CDS training run failed: " + e);
                return 1;
            }
        }
        if (Main.isMosquittoTool(args)) {
            return Main.runTool(args, in, out, err);
        }
        CommandLine cli = new CommandLine(new Kite())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("kite: " + describe(e));
                    return cmd.getCommandSpec().exitCodeOnExecutionException();
                });
        return cli.execute(args);
    }

    // One line per cause, so that "connection refused" behind a wrapper is not lost; causes that
    // only repeat the message above them are skipped.
    private static String describe(Throwable e) {
        String last = e.getMessage() != null ? e.getMessage() : e.toString();
        StringBuilder text = new StringBuilder(last);
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() == null || !last.endsWith(c.getMessage())) {
                text.append(System.lineSeparator()).append("  caused by: ").append(c);
            }
            last = c.getMessage() != null ? c.getMessage() : c.toString();
        }
        return text.toString();
    }

    /** Without a subcommand, prints usage and fails as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Listed in {@code kite --help}; {@link #run} hands its arguments to {@link MosquittoTools}. */
    @Command(name = "pub", description = "Publish a message, a file or stdin lines: mosquitto_pub's flags, output "
            + "and exit codes. See 'kite pub --help'.")
    static final class Pub implements Runnable {
        @CommandLine.Unmatched
        private List<String> args;

        @Override
        public void run() {
            throw new IllegalStateException("kite pub runs through Kite.run");
        }
    }

    /** Listed in {@code kite --help}; {@link #run} hands its arguments to {@link MosquittoTools}. */
    @Command(name = "sub", description = "Subscribe and print messages: mosquitto_sub's flags, output and exit "
            + "codes. See 'kite sub --help'.")
    static final class Sub implements Runnable {
        @CommandLine.Unmatched
        private List<String> args;

        @Override
        public void run() {
            throw new IllegalStateException("kite sub runs through Kite.run");
        }
    }

    /** Reads the version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kite " + Main.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
