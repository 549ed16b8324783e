package dev.kite.cli.mosq;

import static dev.kite.cli.mosq.ArgParser.atof;

import dev.kite.cli.mosq.ArgParser.Result;
import dev.kite.cli.mosq.ToolConfig.Mode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Flags of the message: the topic and QoS (both tools), and what kite pub sends, how and how often.
 */
final class MessageFlags {
    private static final String ONE_SOURCE = "Error: Only one type of message can be sent at once.\n\n";

    private MessageFlags() {
    }

    static void addTo(Map<String, Flag> table) {
        Flag.add(table, l -> l.take("Error: -t argument given but no topic specified.\n\n", l::addTopic),
                "-t", "--topic");
        Flag.add(table, MessageFlags::qos, "-q", "--qos");
        Flag.add(table, Flag.pub(MessageFlags::file), "-f", "--file");
        Flag.add(table, Flag.pub(MessageFlags::message), "-m", "--message");
        Flag.add(table, Flag.pub(l -> mode(l, Mode.STDIN_LINE)), "-l", "--stdin-line");
        Flag.add(table, Flag.pub(l -> mode(l, Mode.NULL)), "-n", "--null-message");
        Flag.add(table, Flag.pub(l -> mode(l, Mode.STDIN_FILE)), "-s", "--stdin-file");
        Flag.add(table, Flag.pub(Flag.toggle(c -> c.retain = true)), "-r", "--retain");
        Flag.add(table, Flag.pub(MessageFlags::repeat), "--repeat");
        Flag.add(table, Flag.pub(MessageFlags::repeatDelay), "--repeat-delay");
    }

    private static Result qos(Line l) {
        return l.takeInt("Error: -q argument given but no QoS specified.\n\n", v -> l.cfg.qos = v,
                v -> v < 0 || v > 2 ? "Error: Invalid QoS given: " + v + "\n" : null);
    }

    /** Sets where the message comes from; mosquitto_pub takes one source only. */
    private static Result mode(Line l, Mode mode) {
        if (l.cfg.mode != Mode.NONE) {
            return l.fail(ONE_SOURCE);
        }
        l.cfg.mode = mode;
        return Result.OK;
    }

    private static Result file(Line l) {
        if (l.cfg.mode != Mode.NONE) {
            return l.fail(ONE_SOURCE);
        }
        return l.take("Error: -f argument given but no file specified.\n\n", v -> {
            l.cfg.file = v;
            l.cfg.mode = Mode.FILE;
            return Result.OK;
        });
    }

    private static Result message(Line l) {
        if (l.cfg.mode != Mode.NONE) {
            return l.fail(ONE_SOURCE);
        }
        return l.take("Error: -m argument given but no message specified.\n\n", v -> {
            l.cfg.message = v.getBytes(StandardCharsets.UTF_8);
            l.cfg.mode = Mode.MESSAGE;
            return Result.OK;
        });
    }

    private static Result repeat(Line l) {
        return l.takeInt("Error: --repeat argument given but no count specified.\n\n", v -> l.cfg.repeatCount = v,
                v -> v < 1 ? "Error: --repeat argument must be >0.\n\n" : null);
    }

    private static Result repeatDelay(Line l) {
        return l.take("Error: --repeat-delay argument given but no time specified.\n\n", v -> {
            double delay = atof(v);
            if (delay < 0) {
                return l.fail("Error: --repeat-delay argument must be >=0.0.\n\n");
            }
            l.cfg.repeatDelayMicros = (long) (delay * 1e6);
            return Result.OK;
        });
    }
}
