package dev.kite.examples;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * MQTT 5.0 request/response: a responder answers on the response topic of each request, with its
 * correlation data; a requester sends three requests with {@link MqttClient#request} and prints
 * each reply. Both clients speak MQTT 5.0 through the same {@link MqttClient} as 3.1.1.
 *
 * <pre>{@code
 * java dev.kite.examples.RequestResponse tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.2
 */
public final class RequestResponse {
    private static final String SERVICE = "kite-example/time";

    private RequestResponse() {
    }

    /**
     * Runs the example.
     *
     * @param args an optional broker URI that speaks MQTT 5.0; {@code tcp://127.0.0.1:1883} when absent
     * @throws Exception if connecting fails, a request times out or the example is interrupted
     */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : Trivial.DEFAULT_BROKER);
    }

    /**
     * Runs the example against {@code broker}, printing a {@code REPLY:} line per request.
     *
     * @param broker the broker URI
     * @throws Exception if connecting fails or a request gets no reply within five seconds
     */
    public static void run(String broker) throws Exception {
        try (MqttClient responder = MqttClient.create(new ClientOptions().addBroker(broker)
                .setClientId("kite-responder").setProtocolVersion(5));
             MqttClient requester = MqttClient.create(new ClientOptions().addBroker(broker)
                .setClientId("kite-requester").setProtocolVersion(5))) {
            responder.connect().await();
            responder.subscribe(SERVICE, 1, (client, request) -> {
                MessageProperties asked = request.properties();
                if (asked.responseTopic().isEmpty()) {
                    return; // not a request: nobody to answer
                }
                byte[] answer = ("the time is " + Instant.now()).getBytes(StandardCharsets.UTF_8);
                MessageProperties reply = MessageProperties.builder()
                        .correlationData(asked.correlationData().orElse(new byte[0]))
                        .build();
                client.publish(asked.responseTopic().get(), 1, false, answer, reply);
            }).await();

            requester.connect().await();
            for (int i = 0; i < 3; i++) {
                Message reply = requester.request(SERVICE, ("request #" + i).getBytes(StandardCharsets.UTF_8), 1,
                        Duration.ofSeconds(5)).get();
                System.out.printf("REPLY: %s%n", new String(reply.payload(), StandardCharsets.UTF_8));
            }
            requester.disconnect(250);
            responder.disconnect(250);
        }
    }
}
