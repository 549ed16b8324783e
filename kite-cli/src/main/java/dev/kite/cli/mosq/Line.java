package dev.kite.cli.mosq;

import dev.kite.cli.mosq.ArgParser.Result;
import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A command line being parsed: the words, which one is the current flag, the configuration the
 * flags fill and where errors go. Flags take their value with {@link #take} or {@link #set}, which
 * print mosquitto's "argument given but no ... specified" when the flag is the last word.
 */
final class Line {
    final ToolConfig cfg;
    private final PrintStream err;
    private final String[] words;
    private int at;

    Line(ToolConfig cfg, PrintStream err, String[] words) {
        this.cfg = cfg;
        this.err = err;
        this.words = words;
    }

    /** Whether a word is left to parse; if so it becomes the current flag. */
    boolean advance() {
        at++;
        return at <= words.length;
    }

    /** How many words follow the current flag. */
    int remaining() {
        return words.length - at;
    }

    /** The word {@code k} places after the current flag (0: the first), which must exist. */
    String peek(int k) {
        return words[at + k];
    }

    /** Consumes {@code n} words after the current flag. */
    void skip(int n) {
        at += n;
    }

    /** The current flag, as the user spelt it. */
    String flag() {
        return words[at - 1];
    }

    /** Whether a word follows the current flag. */
    boolean hasValue() {
        return at < words.length;
    }

    /**
     * Takes the word after the flag and hands it to {@code use}, or fails with {@code missing}
     * when there is none.
     */
    Result take(String missing, Function<String, Result> use) {
        if (!hasValue()) {
            return fail(missing);
        }
        return use.apply(words[at++]);
    }

    /** {@link #take} for a value that needs no check. */
    Result set(String missing, Consumer<String> field) {
        return take(missing, value -> {
            field.accept(value);
            return Result.OK;
        });
    }

    /**
     * {@link #take} for a number, read as C's {@code atoi} reads it: stores it in {@code field}, then
     * fails with the message {@code problem} gives for it, unless that is null.
     */
    Result takeInt(String missing, IntConsumer field, IntFunction<String> problem) {
        return take(missing, value -> {
            int n = ArgParser.atoi(value);
            field.accept(n);
            String message = problem.apply(n);
            return message == null ? Result.OK : fail(message);
        });
    }

    Result fail(String message) {
        err.print(message);
        return Result.ERROR;
    }

    Result unknown() {
        return fail("Error: Unknown option '" + flag() + "'.\n");
    }

    /** Fails for a flag whose feature kite-mqtt does not have yet, saying {@code why}. */
    Result unsupported(String what, String why) {
        return fail("Error: " + what + " is not supported by kite yet: " + why + ".\n\n");
    }

    /** -t and -L: a publish topic for kite pub, one more subscription for kite sub. */
    Result addTopic(String topic) {
        if (cfg.tool == Tool.PUB) {
            if (!Topics.validTopic(topic)) {
                return fail("Error: Invalid publish topic '" + topic + "', does it contain '+' or '#'?\n");
            }
            cfg.topic = topic;
        } else {
            if (!Topics.validFilter(topic)) {
                return fail("Error: Invalid subscription topic '" + topic
                        + "', are all '+' and '#' wildcards correct?\n");
            }
            cfg.topics.add(topic);
        }
        return Result.OK;
    }
}
