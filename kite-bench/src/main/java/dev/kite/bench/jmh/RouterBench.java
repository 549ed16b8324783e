package dev.kite.bench.jmh;

import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.router.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Kite's topic router. With 10,000 filters (exact, '+' and '#' mixed, as a gateway subscribing
 * per device would hold): topics of many devices that each hit one filter through a '+', topics
 * that hit none, and one device's topic again and again. With one filter: an application that
 * subscribed to exactly the topic it receives.
 *
 * <p>A received topic is a new string each time, so no case passes the same string instance twice
 * in a row: repeated topics alternate between two equal strings.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBench {
    private static final int TOPICS = 256;

    private final Router<Object> router = new Router<>();
    private final Router<Object> oneFilter = new Router<>();
    private final String[] hits = new String[TOPICS];
    private final String[] misses = new String[TOPICS];
    private final String[] repeated = new String[TOPICS];
    private final String[] oneTopic = new String[TOPICS];
    private int next;

    @Setup
    public void setup() {
        Object handler = new Object();
        for (int i = 0; i < 10_000; i++) {
            String f = switch (i % 4) {
                case 0 -> "site/" + (i % 100) + "/device/" + i + "/temperature";
                case 1 -> "site/" + (i % 100) + "/device/" + i + "/+";
                case 2 -> "site/" + (i % 100) + "/device/" + i + "/#";
                default -> "site/+/device/" + i + "/status";
            };
            router.add(TopicFilter.parse(f), handler);
        }
        oneFilter.add(TopicFilter.parse("bench/t1"), handler);
        for (int i = 0; i < TOPICS; i++) {
            int device = 4 * i + 3;
            // each hits "site/+/device/<device>/status" and nothing else
            hits[i] = "site/" + (device % 100) + "/device/" + device + "/status";
            misses[i] = "site/42/device/" + (1_000_000 + i) + "/temperature";
            repeated[i] = new String("site/3/device/3/status");
            oneTopic[i] = new String("bench/t1");
        }
    }

    private int next() {
        return next++ & (TOPICS - 1);
    }

    @Benchmark
    public List<Object> matchHit() {
        return router.match(hits[next()]);
    }

    @Benchmark
    public List<Object> matchMiss() {
        return router.match(misses[next()]);
    }

    @Benchmark
    public List<Object> matchRepeated() {
        return router.match(repeated[next()]);
    }

    @Benchmark
    public List<Object> matchOneFilter() {
        return oneFilter.match(oneTopic[next()]);
    }
}
