package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.SubscribeToken;
import dev.kite.mqtt.testing.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Publish and subscribe at every QoS through a real broker; each subclass names the broker, so
 * every broker passes the same contract.
 */
abstract class PubSubContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Returns the URI of the broker under test. */
    abstract String brokerUri();

    MqttClient connected(String id) {
        MqttClient c = MqttClient.create(new ClientOptions().addBroker(brokerUri()).setClientId(id));
        ConnectToken t = c.connect();
        assertThat(t.waitFor(WAIT)).isTrue();
        assertThat(t.error()).isNull();
        assertThat(t.returnCode()).isZero();
        return c;
    }

    @ParameterizedTest(name = "publish at QoS {0}, subscribe at QoS {1}")
    @CsvSource({"0,0", "1,1", "2,2", "2,1", "1,2", "0,2"})
    void publishedMessagesArriveInOrderWithTheLowerQos(int pubQos, int subQos) {
        String topic = "kite/pubsub/" + pubQos + subQos;
        Recorder rec = new Recorder();
        try (MqttClient sub = connected("sub-" + pubQos + subQos); MqttClient pub = connected("pub-" + pubQos + subQos)) {
            SubscribeToken st = sub.subscribe(topic, subQos, rec);
            st.await();
            assertThat(st.result()).containsEntry(topic, subQos);
            List<PublishToken> tokens = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tokens.add(pub.publish(topic, pubQos, false, "m" + i));
            }
            for (PublishToken t : tokens) {
                t.await();
                if (pubQos > 0) {
                    assertThat(t.messageId()).isBetween(1, 65535);
                }
            }
            List<Message> got = rec.awaitCount(100, WAIT);
            assertThat(rec.payloads()).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 100).mapToObj(i -> "m" + i).toList());
            assertThat(got).allSatisfy(m -> {
                assertThat(m.qos()).isEqualTo(Math.min(pubQos, subQos));
                assertThat(m.topic()).isEqualTo(topic);
                assertThat(m.retained()).isFalse();
            });
        }
    }

    @Test
    void retainedMessageReachesLaterSubscriberAndCanBeCleared() {
        String topic = "kite/retained/a";
        try (MqttClient pub = connected("retain-pub")) {
            pub.publish(topic, 1, true, "kept").await();
            Recorder first = new Recorder();
            try (MqttClient sub = connected("retain-sub")) {
                sub.subscribe(topic, 1, first).await();
                Message m = first.awaitCount(1, WAIT).get(0);
                assertThat(m.retained()).isTrue();
                assertThat(new String(m.payload())).isEqualTo("kept");
            }
            pub.publish(topic, 1, true, new byte[0]).await();
            Recorder second = new Recorder();
            try (MqttClient sub = connected("retain-sub2")) {
                sub.subscribe(topic, 1, second).await();
                pub.publish("kite/retained/marker", 1, false, "x").await();
                sub.subscribe("kite/retained/marker", 1, second).await();
                pub.publish("kite/retained/marker", 1, false, "after").await();
                second.awaitCount(1, WAIT);
                assertThat(second.payloads()).containsExactly("after");
            }
        }
    }

    @Test
    void subscribeMultipleGrantsEachFilter() {
        Recorder rec = new Recorder();
        try (MqttClient c = connected("multi")) {
            Map<String, Integer> filters = new java.util.LinkedHashMap<>();
            filters.put("kite/multi/a", 0);
            filters.put("kite/multi/b/#", 1);
            filters.put("kite/multi/+/c", 2);
            SubscribeToken t = c.subscribeMultiple(filters, rec);
            t.await();
            assertThat(t.result()).containsExactlyEntriesOf(filters);
            c.publish("kite/multi/a", 0, false, "1");
            c.publish("kite/multi/b/x", 1, false, "2");
            c.publish("kite/multi/z/c", 2, false, "3");
            rec.awaitCount(3, WAIT);
            assertThat(rec.payloads()).containsExactlyInAnyOrder("1", "2", "3");
            c.unsubscribe("kite/multi/a", "kite/multi/b/#", "kite/multi/+/c").await();
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        Recorder rec = new Recorder();
        Recorder marker = new Recorder();
        try (MqttClient c = connected("unsub")) {
            c.subscribe("kite/unsub/a", 1, rec).await();
            c.subscribe("kite/unsub/marker", 1, marker).await();
            c.publish("kite/unsub/a", 1, false, "before").await();
            rec.awaitCount(1, WAIT);
            c.unsubscribe("kite/unsub/a").await();
            c.publish("kite/unsub/a", 1, false, "after").await();
            c.publish("kite/unsub/marker", 1, false, "m").await();
            marker.awaitCount(1, WAIT);
            assertThat(rec.payloads()).containsExactly("before");
        }
    }
}
