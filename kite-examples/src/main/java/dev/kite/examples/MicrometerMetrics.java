package dev.kite.examples;

import dev.kite.micrometer.KiteMetrics;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics for a Kite client (module kite-micrometer): one {@link KiteMetrics} observes
 * the client and shows its meters in a registry; the example publishes three messages at each QoS
 * to itself and prints every {@code kite.mqtt.*} meter of a {@link SimpleMeterRegistry}, one
 * line each, e.g. {@code METER: kite.mqtt.messages.sent{client.id=kite-metrics,qos=1} COUNT=3.0}.
 *
 * <pre>{@code
 * java dev.kite.examples.MicrometerMetrics tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.2
 */
public final class MicrometerMetrics {
    private MicrometerMetrics() {
    }

    /**
     * Runs the example.
     *
     * @param args an optional broker URI; {@code tcp://127.0.0.1:1883} when absent
     * @throws Exception if connecting fails or the example is interrupted
     */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : Trivial.DEFAULT_BROKER);
    }

    /**
     * Runs the example against {@code broker}, printing a {@code METER:} line per meter.
     *
     * @param broker the broker URI
     * @throws Exception if connecting fails, or the messages do not come back within five seconds
     */
    public static void run(String broker) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();   // Prometheus, OTLP, ... in an application
        KiteMetrics metrics = new KiteMetrics();
        metrics.bindTo(registry);
        try (MqttClient client = MqttClient.create(new ClientOptions().addBroker(broker)
                .setClientId("kite-metrics").addObserver(metrics))) {
            client.connect().await();
            CountDownLatch back = new CountDownLatch(9);
            client.subscribe("kite-example/metrics", 2, (c, m) -> back.countDown()).await();
            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < 3; i++) {
                    client.publish("kite-example/metrics", qos, false, "reading " + i).await();
                }
            }
            if (!back.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (9 - back.getCount()) + " of 9 messages came back");
            }
            registry.getMeters().stream()
                    .sorted(Comparator.comparing((Meter m) -> m.getId().toString()))
                    .forEach(m -> System.out.println("METER: " + m.getId().getName() + tagsOf(m) + " "
                            + m.measure().iterator().next().getStatistic() + "="
                            + m.measure().iterator().next().getValue()));
        }
    }

    private static String tagsOf(Meter m) {
        StringBuilder b = new StringBuilder("{");
        m.getId().getTags().forEach(t -> b.append(b.length() > 1 ? "," : "").append(t.getKey()).append('=')
                .append(t.getValue()));
        return b.append('}').toString();
    }
}
