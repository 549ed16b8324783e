package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.testing.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * CONNACK availability through a real broker that can switch features off: the embedded HiveMQ
 * with wildcard subscriptions, shared subscriptions, subscription identifiers and retained
 * messages disabled announces so in its CONNACK, and each call that needs one fails at once,
 * unsent, while the connection stays up.
 */
class V5CoreHiveMqIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NOTHING_OPTIONAL = """
            <mqtt>
                <retained-messages><enabled>false</enabled></retained-messages>
                <wildcard-subscriptions><enabled>false</enabled></wildcard-subscriptions>
                <subscription-identifier><enabled>false</enabled></subscription-identifier>
                <shared-subscriptions><enabled>false</enabled></shared-subscriptions>
            </mqtt>""";

    @Test
    void whatHiveMqSwitchesOffFailsAtTheCallAndTheConnectionStaysUp() throws Exception {
        AtomicReference<Throwable> lost = new AtomicReference<>();
        try (EmbeddedBroker broker = EmbeddedBroker.startWithMqttSettings(NOTHING_OPTIONAL);
             MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("v5core-hivemq")
                     .setProtocolVersion(5).setConnectionLostHandler((client, e) -> lost.set(e)))) {
            ConnectToken t = c.connect();
            t.await();
            ConnackProperties connack = t.connack();
            assertThat(connack.wildcardSubscriptionAvailable()).isFalse();
            assertThat(connack.sharedSubscriptionAvailable()).isFalse();
            assertThat(connack.subscriptionIdentifiersAvailable()).isFalse();
            assertThat(connack.retainAvailable()).isFalse();

            SubscribeToken wildcard = c.subscribe("kite/+/x", 1, new Recorder());
            SubscribeToken shared = c.subscribe(List.of(Subscription.of("$share/g/kite/x", 1)), new Recorder());
            SubscribeToken identified = c.subscribe(List.of(Subscription.of("kite/x", 1).withSubscriptionIdentifier(3)),
                    new Recorder());
            PublishToken retained = c.publish("kite/x", 1, true, new byte[] {1});

            assertThat(List.of(wildcard, shared, identified, retained)).allSatisfy(token -> {
                assertThat(token.isDone()).as("failed at the call").isTrue();
                assertThat(token.error()).isInstanceOf(MqttClientException.class).hasMessageContaining("CONNACK");
            });
            assertThat(wildcard.error()).hasMessageContaining("Wildcard Subscription Available 0");
            assertThat(shared.error()).hasMessageContaining("Shared Subscription Available 0");
            assertThat(identified.error()).hasMessageContaining("Subscription Identifiers Available 0");
            assertThat(retained.error()).hasMessageContaining("Retain Available 0");

            Recorder rec = new Recorder();
            c.subscribe("kite/x", 1, rec).await();
            c.publish("kite/x", 1, false, "still connected").await();
            rec.awaitCount(1, WAIT);
            assertThat(c.isConnected()).isTrue();
            assertThat(lost.get()).isNull();
        }
    }
}
