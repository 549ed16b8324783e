package dev.kite.cli;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.examples.Trivial;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kite demo}: runs the seed's example ({@link Trivial}) against an embedded HiveMQ broker
 * started for the purpose, or against {@code --broker}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the seed's example: subscribe to go-mqtt/sample, publish five messages, print them.",
            "Without --broker, starts an embedded HiveMQ CE broker on a free loopback port for it."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-b", "--broker"}, paramLabel = "URI",
            description = "Use this broker (e.g. tcp://127.0.0.1:1883) instead of an embedded one.")
    private String broker;

    @Override
    public Integer call() throws Exception {
        if (broker != null) {
            Trivial.run(broker);
            return 0;
        }
        try (EmbeddedBroker embedded = EmbeddedBroker.start()) {
            System.err.println("kite demo: embedded HiveMQ CE broker on " + embedded.uri());
            Trivial.run(embedded.uri());
        }
        return 0;
    }
}
