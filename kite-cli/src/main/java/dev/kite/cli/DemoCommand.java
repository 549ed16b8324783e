package dev.kite.cli;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.examples.Trivial;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kite demo}: runs paho.mqtt.golang's example ({@link Trivial}) against an embedded HiveMQ
 * broker started for the purpose, or against {@code --broker}.
 *
 * <p>The embedded broker is not in {@code kite.jar}: the launcher puts {@code kite-demo.jar} on the
 * class path for this command alone, so that {@code kite pub}, {@code sub} and {@code bench} never
 * load it.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs paho.mqtt.golang's example: subscribe to go-mqtt/sample, publish five messages, print them.",
            "Without --broker, starts an embedded HiveMQ CE broker on a free loopback port for it."
        })
final class DemoCommand implements Callable<Integer> {

    private static final String BROKER_CLASS = "dev.kite.broker.EmbeddedBroker";

    @Option(names = {"-b", "--broker"}, paramLabel = "URI",
            description = "Use this broker (e.g. tcp://127.0.0.1:1883) instead of an embedded one.")
    private String broker;

    @Override
    public Integer call() throws Exception {
        if (broker != null) {
            Trivial.run(broker);
            return 0;
        }
        if (!embeddedBrokerPresent()) {
            System.err.println("kite demo: the embedded broker (kite-demo.jar) is not on the class path; "
                    + "run kite demo through the kite launcher, or give --broker URI");
            return 1;
        }
        try (EmbeddedBroker embedded = EmbeddedBroker.start()) {
            System.err.println("kite demo: embedded HiveMQ CE broker on " + embedded.uri());
            Trivial.run(embedded.uri());
        }
        return 0;
    }

    private static boolean embeddedBrokerPresent() {
        try {
            Class.forName(BROKER_CLASS, false, DemoCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
