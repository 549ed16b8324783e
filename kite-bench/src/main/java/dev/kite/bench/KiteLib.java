package dev.kite.bench;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.Token;
import java.time.Duration;

/**
 * Kite, as an application would use it: publish and forget the token (or, with a callback, a
 * dependent of {@code toCompletableFuture()} per message), a handler per filter.
 */
final class KiteLib implements Lib {
    @Override
    public String name() {
        return "Kite";
    }

    @Override
    public Client connect(String uri, String clientId, int window) {
        MqttClient c = MqttClient.create(new ClientOptions()
                .addBroker(uri)
                .setClientId(clientId)
                .setCleanSession(true)
                .setAutoReconnect(false)
                .setKeepAlive(Duration.ofSeconds(60))
                .setConnectTimeout(Duration.ofSeconds(30))
                .setMaxInflight(window)
                .setMaxQueuedMessages(2_000_000));
        Token t = c.connect();
        if (!t.waitFor(Duration.ofSeconds(30)) || t.error() != null) {
            c.close();
            throw new IllegalStateException("Kite connect failed: " + t.error());
        }
        return new Client() {
            @Override
            public void subscribe(String filter, int qos, Receiver r) {
                Token s = c.subscribe(filter, qos, (client, m) -> {
                    byte[] p = m.payload();
                    r.message(p, 0, p.length);
                });
                if (!s.waitFor(Duration.ofSeconds(10)) || s.error() != null) {
                    throw new IllegalStateException("Kite subscribe failed: " + s.error());
                }
            }

            @Override
            public void publish(String topic, byte[] payload, int qos) {
                c.publish(topic, qos, false, payload);
            }

            @Override
            public void publish(String topic, byte[] payload, int qos, Runnable done) {
                c.publish(topic, qos, false, payload).toCompletableFuture().whenComplete((v, e) -> done.run());
            }

            @Override
            public void close() {
                c.disconnect(0);
            }
        };
    }
}
