package dev.kite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kite} command: an MQTT client on the command line. Subcommands do the work; for now
 * there is {@code kite demo}.
 *
 * <pre>{@code
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
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
public final class Kite implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits the JVM with its exit code (0 on success, 1 when a command
     * failed, 2 on a usage error). It exits explicitly because an embedded broker may leave
     * non-daemon threads behind.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Kite())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("kite: " + describe(e));
                    return cmd.getCommandSpec().exitCodeOnExecutionException();
                });
        System.exit(cli.execute(args));
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

    /** Reads the version Maven wrote into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Kite.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"kite " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
