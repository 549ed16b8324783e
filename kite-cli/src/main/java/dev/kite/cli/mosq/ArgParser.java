package dev.kite.cli.mosq;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a command line the way mosquitto's {@code client_config_line_proc} does: each flag a
 * separate word, compared exactly, with mosquitto's error messages word for word. Flags whose
 * feature kite-mqtt does not have yet fail with a message naming the missing feature.
 *
 * <p>Each word is looked up in one table of {@link Flag}s, filled by {@link ConnectionFlags},
 * {@link TlsFlags}, {@link MessageFlags}, {@link SubFlags} and {@link UnsupportedFlags}; the checks
 * that need the whole line come after it, in {@link #parse}.
 */
final class ArgParser {
    /** Outcome of parsing. */
    enum Result { OK, ERROR, HELP, VERSION }

    private static final Map<String, Flag> FLAGS = flags();

    private final ToolConfig cfg;
    private final PrintStream err;

    ArgParser(ToolConfig cfg, PrintStream err) {
        this.cfg = cfg;
        this.err = err;
    }

    private static Map<String, Flag> flags() {
        Map<String, Flag> table = new HashMap<>();
        Flag.add(table, l -> Result.HELP, "--help");
        Flag.add(table, l -> Result.VERSION, "--version");
        Flag.add(table, Flag.toggle(c -> c.debug = true), "-d", "--debug");
        Flag.add(table, Flag.toggle(c -> c.quiet = true), "--quiet");
        ConnectionFlags.addTo(table);
        TlsFlags.addTo(table);
        MessageFlags.addTo(table);
        SubFlags.addTo(table);
        PropertyFlags.addTo(table);
        UnsupportedFlags.addTo(table);
        return Map.copyOf(table);
    }

    Result parse(String[] argv) {
        Line line = new Line(cfg, err, argv);
        Result r = parseWords(line);
        if (r != Result.OK) {
            return r;
        }
        if (cfg.willPayload != null && cfg.willTopic == null) {
            return line.fail("Error: Will payload given, but no will topic given.\n");
        }
        if (cfg.willRetain && cfg.willTopic == null) {
            return line.fail("Error: Will retain given, but no will topic given.\n");
        }
        if (cfg.protocolVersion == 5) {
            if (!cfg.cleanSession && cfg.sessionExpiry == -1) {
                cfg.sessionExpiry = 0xFFFF_FFFFL; // -c alone: a session that never expires
            }
            if (cfg.sessionExpiry > 0) {
                if (cfg.sessionExpiry == 0xFFFF_FFFFL && (cfg.idPrefix != null || cfg.id == null)) {
                    return line.fail("Error: You must provide a client id if you are using an infinite session "
                            + "expiry interval.\n");
                }
                cfg.connectProps.add(new PropertyFlags.Prop(PropertyFlags.Id.SESSION_EXPIRY_INTERVAL,
                        cfg.sessionExpiry, null, null));
            }
            // libmosquitto's mosquitto_new refuses a persistent session without an id, after parsing
            cfg.invalidIdAndCleanSession = !cfg.cleanSession && cfg.id == null && cfg.idPrefix == null;
        } else if (!cfg.cleanSession && (cfg.idPrefix != null || cfg.id == null)) {
            return line.fail("Error: You must provide a client id if you are using the -c option.\n");
        }
        if (cfg.tool == Tool.SUB && cfg.topics.isEmpty()) {
            return line.fail("Error: You must specify a topic to subscribe to.\n");
        }
        if ((cfg.certfile == null) != (cfg.keyfile == null)) {
            return line.fail("Error: Both certfile and keyfile must be provided if one of them is set.\n");
        }
        if (cfg.tlsVersion != null && !List.of("tlsv1.3", "tlsv1.2", "tlsv1.1").contains(cfg.tlsVersion)) {
            return line.fail("Error: Protocol version argument given but not valid: " + cfg.tlsVersion
                    + " (kite takes tlsv1.3, tlsv1.2 or tlsv1.1).\n");
        }
        if (cfg.host == null) {
            cfg.host = "localhost";
        }
        String problem = PropertyFlags.checkAll(cfg);
        if (problem != null) {
            return line.fail(problem);
        }
        return Result.OK;
    }

    // as mosquitto's client_config_line_proc: one word at a time, the first problem ends it
    private static Result parseWords(Line line) {
        while (line.advance()) {
            Flag flag = FLAGS.get(line.flag());
            Result r = flag == null ? line.unknown() : flag.apply(line);
            if (r != Result.OK) {
                return r;
            }
        }
        return Result.OK;
    }

    /** C's {@code atoi}: leading blanks, a sign, digits; anything else ends it; nothing parses as 0. */
    static int atoi(String s) {
        long value = PropertyFlags.atol(s);
        return (int) Math.max(-Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** C's {@code atof}, close enough: the longest leading number, or 0. */
    static double atof(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")
                .matcher(s);
        return m.find() ? Double.parseDouble(m.group().trim()) : 0;
    }
}
