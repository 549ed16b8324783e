package dev.kite.cli.mosq;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * {@code kite pub} and {@code kite sub}: drop-in replacements for mosquitto_pub and mosquitto_sub
 * 2.0, with their flags, defaults, output and exit codes. They parse their own command line, as
 * mosquitto does, so that error messages and flag handling match word for word.
 */
public final class MosquittoTools {
    private MosquittoTools() {
    }

    /**
     * Runs {@code kite pub} or {@code kite sub}.
     *
     * @param command "pub" or "sub"
     * @param args the arguments after the command
     * @param version kite's version, for {@code --help} and {@code --version}
     * @param in standard input (pub -s and -l)
     * @param out standard output
     * @param err standard error
     * @return the exit code, as mosquitto's tool would return it
     */
    public static int run(String command, String[] args, String version, InputStream in, PrintStream out,
                          PrintStream err) {
        Tool tool = command.equals("pub") ? Tool.PUB : Tool.SUB;
        ToolConfig cfg = new ToolConfig(tool);
        ArgParser.Result parsed = new ArgParser(cfg, err).parse(args);
        switch (parsed) {
            case HELP -> {
                out.print(tool == Tool.PUB ? Usage.pub(version) : Usage.sub(version));
                out.flush();
                return 1;
            }
            case VERSION -> {
                out.println(tool.command + " version " + version + " running on kite-mqtt " + version + ".");
                out.flush();
                return 1;
            }
            case ERROR -> {
                err.print("\nUse '" + tool.command + " --help' to see usage.\n");
                err.flush();
                return 1;
            }
            default -> { }
        }
        if (cfg.invalidIdAndCleanSession) {
            if (!cfg.quiet) {
                err.print("Error: Invalid id and/or clean_session.\n");
                err.flush();
            }
            return 1;
        }
        String refused = V5Options.unsupported(cfg);
        if (refused != null) {
            err.print("Error: " + refused + " is not supported by kite yet: kite-mqtt cannot send it.\n\n");
            err.print("\nUse '" + tool.command + " --help' to see usage.\n");
            err.flush();
            return 1;
        }
        ToolClient tc = new ToolClient(cfg, out, err);
        String invalid = V5Options.invalid(cfg);
        if (invalid != null) {
            tc.error(invalid);
            return 1;
        }
        try {
            if (!tc.prepareTransport()) {
                return 1;
            }
            if (tool == Tool.PUB) {
                if (!PubTool.load(cfg, tc, in)) {
                    return 1;
                }
                if (cfg.topic == null || cfg.mode == ToolConfig.Mode.NONE) {
                    err.print("Error: Both topic and message must be supplied.\n");
                    err.flush();
                    out.print(Usage.pub(version));
                    out.flush();
                    return 1;
                }
                return new PubTool(cfg, tc, new BufferedInputStream(in)).run();
            }
            if (cfg.noRetain && cfg.retainedOnly) {
                err.print("\nError: Combining '-R' and '--retained-only' makes no sense.\n");
                err.flush();
                return 1;
            }
            return new SubTool(cfg, tc).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
