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
    private final int version;

    /** Kite at MQTT 3.1.1, the default. */
    KiteLib() {
        this(4);
    }

    /** Kite speaking {@code version}: 4 for MQTT 3.1.1, 5 for MQTT 5.0 ("Kite (MQTT 5)"). */
    KiteLib(int version) {
        this.version = version;
    }

    @Override
    public String name() {
        return version == 5 ? "Kite (MQTT 5)" : "Kite";
    }

    @Override
    public Client connect(String uri, String clientId, int window) {
        MqttClient c = MqttClient.create(new ClientOptions()
                .addBroker(uri)
                .setClientId(clientId)
                .setProtocolVersion(version)
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
