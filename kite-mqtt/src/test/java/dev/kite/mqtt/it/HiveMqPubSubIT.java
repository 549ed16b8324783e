package dev.kite.mqtt.it;

import dev.kite.broker.EmbeddedBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The publish/subscribe contract against the embedded HiveMQ Community Edition broker. */
class HiveMqPubSubIT extends PubSubContract {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
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
