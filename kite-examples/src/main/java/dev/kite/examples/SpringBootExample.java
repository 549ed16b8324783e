package dev.kite.examples;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.spring.boot.KiteClientCustomizer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Kite in a Spring Boot application through {@code kite-spring-boot-starter}: the
 * {@code kite.mqtt.*} properties make the {@link MqttClient} bean, which the application context
 * connects when it starts and disconnects when it stops; a {@link KiteClientCustomizer} bean adds
 * what properties cannot say (here a will). The application subscribes with the bean, publishes
 * with it and prints what comes back.
 *
 * <pre>{@code
 * java dev.kite.examples.SpringBootExample tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.2
 */
public final class SpringBootExample {
    private static final String TOPIC = "kite-example/spring";

    private SpringBootExample() {
    }

    /** The application: configuration from the starter's auto-configuration, plus one customizer. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
        /**
         * Gives the client a will: what properties cannot say.
         *
         * @return the customizer, applied after the properties
         */
        @Bean
        KiteClientCustomizer will() {
            return options -> options.setWill("kite-example/status", "offline", 1, true);
        }
    }

    /**
     * Runs the example.
     *
     * @param args an optional broker URI; {@code tcp://127.0.0.1:1883} when absent
     * @throws Exception if the context cannot start (no broker) or the message does not come back
     *     within five seconds
     */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : Trivial.DEFAULT_BROKER);
    }

    /**
     * Starts the application against {@code broker}, round-trips one message with the bean, prints
     * {@code RECEIVED: <payload>} and stops the application (which disconnects the client).
     *
     * @param broker the broker URI
     * @throws Exception if the context cannot start or the message does not come back in time
     */
    public static void run(String broker) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .properties("kite.mqtt.brokers=" + broker, "kite.mqtt.client-id=kite-spring-example",
                        "spring.main.banner-mode=off")
                .run()) {
            MqttClient client = context.getBean(MqttClient.class);
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            client.subscribe(TOPIC, 1, (c, m) -> received.add(m)).await();
            client.publish(TOPIC, 1, false, "hello from a Spring bean").await();
            Message m = received.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new IllegalStateException("the message did not come back within five seconds");
            }
            System.out.println("RECEIVED: " + new String(m.payload(), StandardCharsets.UTF_8));
        }
    }
}
