package dev.kite.mqtt.it;

import dev.kite.testing.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The publish/subscribe contract against Mosquitto. */
class MosquittoPubSubIT extends PubSubContract {
    private static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String brokerUri() {
        return broker.uri();
    }
}
