package dev.kite.cli.mosq;

import static dev.kite.cli.mosq.ArgParser.atof;
import static dev.kite.cli.mosq.ArgParser.atoi;

import dev.kite.cli.mosq.ArgParser.Result;
import java.util.List;
import java.util.Map;

/** Flags of kite sub only: what it subscribes to, which messages it prints and how, when it stops. */
final class SubFlags {
    private SubFlags() {
    }

    static void addTo(Map<String, Flag> table) {
        Flag.add(table, Flag.sub(SubFlags::count), "-C");
        Flag.add(table, Flag.sub(SubFlags::timeout), "-W");
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.exitAfterSub = true)), "-E");
        Flag.add(table, Flag.sub(SubFlags::format), "-F");
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.eol = false)), "-N");
        // as mosquitto built without cJSON (Debian's): %j output is always minimised
        Flag.add(table, Flag.sub(Flag.toggle(c -> { })), "--pretty");
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.verbose = true)), "-v", "--verbose");
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.noRetain = true)), "-R");
        // not in mosquitto_sub's --help, but it takes it: the MQTT 5.0 subscription option
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.retainAsPublished = true)), "--retain-as-published");
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.retainedOnly = true)), "--retained-only");
        Flag.add(table, Flag.sub(Flag.toggle(c -> c.removeRetained = true)), "--remove-retained");
        Flag.add(table, Flag.sub(SubFlags::randomFilter), "--random-filter");
        Flag.add(table, Flag.sub(l -> l.take("Error: -T argument given but no topic filter specified.\n\n",
                v -> filter(l, v, "filter", l.cfg.filterOuts))), "-T", "--filter-out");
        Flag.add(table, Flag.sub(l -> l.take("Error: -U argument given but no unsubscribe topic specified.\n\n",
                v -> filter(l, v, "unsubscribe", l.cfg.unsubTopics))), "-U", "--unsubscribe");
    }

    private static Result count(Line l) {
        return l.takeInt("Error: -C argument given but no count specified.\n\n", v -> l.cfg.msgCount = v,
                v -> v < 1 ? "Error: Invalid message count \"" + v + "\".\n\n" : null);
    }

    private static Result timeout(Line l) {
        return l.take("Error: -W argument given but no timeout specified.\n\n", v -> {
            int t = atoi(v);
            if (t < 1) {
                return l.fail("Error: Invalid timeout \"" + t + "\".\n\n");
            }
            l.cfg.timeout = t;
            return Result.OK;
        });
    }

    private static Result format(Line l) {
        return l.take("Error: -F argument given but no format specified.\n\n", v -> {
            String problem = Formatter.check(v);
            if (problem != null) {
                return l.fail(problem);
            }
            l.cfg.format = v;
            return Result.OK;
        });
    }

    private static Result randomFilter(Line l) {
        return l.take("Error: --random-filter argument given but no chance specified.\n\n", v -> {
            l.cfg.randomFilter = (int) (10.0 * atof(v));
            if (l.cfg.randomFilter > 10000 || l.cfg.randomFilter < 1) {
                return l.fail("Error: --random-filter chance must be between 0.1-100.0\n\n");
            }
            return Result.OK;
        });
    }

    /** -T and -U: a topic filter for {@code list}; {@code what} names it in the error. */
    private static Result filter(Line l, String filter, String what, List<String> list) {
        if (!Topics.validFilter(filter)) {
            return l.fail("Error: Invalid " + what + " topic '" + filter
                    + "', are all '+' and '#' wildcards correct?\n");
        }
        list.add(filter);
        return Result.OK;
    }
}
