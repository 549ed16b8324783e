package dev.kite.cli.mosq;

import dev.kite.cli.mosq.ArgParser.Result;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one command-line flag does: it reads its value, if it takes one, from the {@link Line},
 * checks it in mosquitto's order and sets the {@link ToolConfig}. It returns {@link Result#OK} to
 * go on with the next word, or the result that ends parsing (after printing mosquitto's message).
 */
@FunctionalInterface
interface Flag {
    Result apply(Line line);

    /** A flag that takes no value and always succeeds: it only changes the configuration. */
    static Flag toggle(Consumer<ToolConfig> change) {
        return line -> {
            change.accept(line.cfg);
            return Result.OK;
        };
    }

    /** A flag of mosquitto_pub only: kite sub, as mosquitto_sub, does not know it. */
    static Flag pub(Flag flag) {
        return line -> line.cfg.tool == Tool.PUB ? flag.apply(line) : line.unknown();
    }

    /** A flag of mosquitto_sub only: kite pub, as mosquitto_pub, does not know it. */
    static Flag sub(Flag flag) {
        return line -> line.cfg.tool == Tool.SUB ? flag.apply(line) : line.unknown();
    }

    /** Adds {@code flag} under each of its names; a name given twice is a bug in the table. */
    static void add(Map<String, Flag> table, Flag flag, String... names) {
        for (String name : names) {
            if (table.putIfAbsent(name, flag) != null) {
                throw new IllegalStateException("flag " + name + " is in the table twice");
            }
        }
    }
}
