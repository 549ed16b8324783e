package dev.kite.examples;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MessageHandler;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.Token;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * paho.mqtt.golang's example (its {@code cmd/simple}), in Kite: connect, subscribe to
 * {@code go-mqtt/sample}, publish five messages, print what comes back, unsubscribe, disconnect.
 *
 * <p>The body of {@link #run(String)} is the code of README.md's section "paho.mqtt.golang's
 * example" as written, with the broker address taken from the argument instead of the literal
 * {@code tcp://127.0.0.1:1883}.
 *
 * <pre>{@code
 * java dev.kite.examples.Trivial tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Trivial {

    /** The broker used when none is given. */
    public static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";

    private Trivial() {
    }

    /**
     * Runs the example.
     *
     * @param args an optional broker URI; {@value #DEFAULT_BROKER} when absent
     * @throws Exception if connecting fails or the example is interrupted
     */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : DEFAULT_BROKER);
    }

    /**
     * Runs the example against {@code broker}, printing a {@code TOPIC:} and a {@code MSG:} line per
     * message received. Takes a little over six seconds (the sleep of paho.mqtt.golang's example).
     *
     * @param broker the broker URI, for example {@code tcp://127.0.0.1:1883}
     * @throws IllegalStateException if the connection fails (the cause is the token's error)
     * @throws IllegalArgumentException if {@code broker} is not a valid broker URI
     * @throws InterruptedException if interrupted while sleeping
     * @throws Exception as paho.mqtt.golang's example declares nothing narrower
     */
    public static void run(String broker) throws Exception {
        MessageHandler f = (client, msg) -> {
            System.out.printf("TOPIC: %s%n", msg.topic());
            System.out.printf("MSG: %s%n", new String(msg.payload(), StandardCharsets.UTF_8));
        };

        ClientOptions opts = new ClientOptions()
                .addBroker(broker)
                .setClientId("gotrivial")
                .setKeepAlive(Duration.ofSeconds(2))
                .setDefaultPublishHandler(f)
                .setPingTimeout(Duration.ofSeconds(1));

        MqttClient c = MqttClient.create(opts);
        Token token = c.connect();
        if (token.waitFor() && token.error() != null) throw new IllegalStateException(token.error());

        c.subscribe("go-mqtt/sample", 0, null).waitFor();
        for (int i = 0; i < 5; i++) {
            c.publish("go-mqtt/sample", 0, false, "this is msg #" + i + "!").waitFor();
        }
        Thread.sleep(6000);
        c.unsubscribe("go-mqtt/sample").waitFor();
        c.disconnect(250);
    }
}
