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
 * Kite's topic router with 10,000 filters (exact, '+' and '#' mixed, as a gateway subscribing
 * per device would hold), matching a topic that hits one of them through a '+' and one that hits none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBench {
    private final Router<Object> router = new Router<>();

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
    }

    @Benchmark
    public List<Object> matchHit() {
        // hits "site/+/device/3/status"
        return router.match("site/3/device/3/status");
    }

    @Benchmark
    public List<Object> matchMiss() {
        return router.match("site/42/device/999999/temperature");
    }
}
