package dev.kite.examples;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A back-pressured stream of messages with JDK types only: {@link MqttClient#messages} as a
 * {@link Flow.Publisher}, read by a {@link Flow.Subscriber} that asks for one message at a time
 * and cancels (which unsubscribes) after five. Reactor or RxJava adapt the same publisher.
 *
 * <pre>{@code
 * java dev.kite.examples.ReactiveMessages tcp://127.0.0.1:1883
 * }</pre>
 *
 * @since 0.2
 */
public final class ReactiveMessages {
    private static final String TOPIC = "kite-example/stream";
    private static final int WANTED = 5;

    private ReactiveMessages() {
    }

    /**
     * Runs the example.
     *
     * @param args an optional broker URI; {@code tcp://127.0.0.1:1883} when absent
     * @throws Exception if connecting fails, the messages do not arrive within five seconds or the
     *     example is interrupted
     */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? args[0] : Trivial.DEFAULT_BROKER);
    }

    /**
     * Runs the example against {@code broker}, printing a {@code NEXT:} line per message received.
     *
     * @param broker the broker URI
     * @throws Exception if connecting fails or five messages do not arrive within five seconds
     */
    public static void run(String broker) throws Exception {
        try (MqttClient client = MqttClient.create(new ClientOptions().addBroker(broker).setClientId("kite-stream"))) {
            client.connect().await();
            CountDownLatch done = new CountDownLatch(1);
            client.messages(TOPIC, 1).subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;
                private int received;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(Message m) {
                    System.out.printf("NEXT: %s%n", new String(m.payload(), StandardCharsets.UTF_8));
                    if (++received == WANTED) {
                        subscription.cancel();
                        done.countDown();
                    } else {
                        subscription.request(1);
                    }
                }

                @Override
                public void onError(Throwable e) {
                    System.out.printf("ERROR: %s%n", e);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            // the stream's SUBSCRIBE goes first: this one's SUBACK says the broker has both
            client.subscribe(TOPIC + "/ready", 0, null).await();
            for (int i = 0; i < WANTED; i++) {
                client.publish(TOPIC, 1, false, "message #" + i).await();
            }
            if (!done.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException(WANTED + " messages did not arrive within 5 s");
            }
            client.disconnect(250);
        }
    }
}
