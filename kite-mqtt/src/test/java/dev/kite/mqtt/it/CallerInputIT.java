package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.testing.HostilePeer;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Bad arguments fail at the call with {@link IllegalArgumentException} (or, after close,
 * {@link IllegalStateException}) whose message names the argument and the rule; nothing is sent.
 * Runs against a well-behaved mock broker so "nothing is sent" can be checked on the wire.
 */
class CallerInputIT {

    private static void refused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void badArgumentsFailAtTheCallAndNothingIsSent() throws Exception {
        try (HostilePeer peer = HostilePeer.wellBehaved()) {
            try (MqttClient c = MqttClient.create(new ClientOptions().addBroker(peer.uri()).setClientId("input")
                    .setProtocolVersion(4))) {
                c.connect().await();
                byte[] p = {1};
                refused(() -> c.publish(null, 0, false, p), "topic name must not be null");
                refused(() -> c.publish("", 0, false, p), "topic name must not be empty");
                refused(() -> c.publish("a/+/b", 0, false, p), "topic name 'a/+/b': wildcards '+' and '#' are not allowed");
                refused(() -> c.publish("a/#", 1, false, p), "wildcards");
                refused(() -> c.publish("a\0b", 0, false, p), "must not contain U+0000");
                refused(() -> c.publish("bad\uD800", 0, false, p), "unpaired surrogate at index 3");
                refused(() -> c.publish("x".repeat(65_536), 0, false, p), "must be at most 65535 bytes");
                refused(() -> c.publish("a", 3, false, p), "qos 3: must be 0, 1 or 2");
                refused(() -> c.publish("a", -1, false, p), "qos -1: must be 0, 1 or 2");
                refused(() -> c.publish("a", 0, false, (byte[]) null), "payload must not be null");
                refused(() -> c.publish("a", 0, false, (String) null), "payload must not be null");
                refused(() -> c.publish("a", 0, false, (ByteBuffer) null), "payload must not be null");
                refused(() -> c.subscribe(null, 0, null), "topic filter must not be null");
                refused(() -> c.subscribe("a/#/b", 0, null), "topic filter 'a/#/b': '#' must be the last level");
                refused(() -> c.subscribe("a+", 0, null), "topic filter 'a+'");
                refused(() -> c.subscribe("a", 3, null), "qos 3: must be 0, 1 or 2");
                refused(() -> c.subscribeMultiple(null, null), "filters must name at least one topic filter");
                refused(() -> c.subscribeMultiple(Map.of(), null), "filters must name at least one topic filter");
                Map<String, Integer> nullQos = new HashMap<>();
                nullQos.put("a", null);
                refused(() -> c.subscribeMultiple(nullQos, null), "qos of topic filter 'a' must not be null");
                refused(() -> c.unsubscribe(), "filters must name at least one topic filter");
                refused(() -> c.unsubscribe((String[]) null), "filters must name at least one topic filter");
                refused(() -> c.unsubscribe("ok", null), "topic filter must not be null");
                refused(() -> c.addRoute("a", null), "handler must not be null");
                refused(() -> c.disconnect(-1), "quiesceMillis -1: must be >= 0");
                // nothing of the above reached the wire: the first packet after CONNECT is the marker
                c.publish("marker", 1, false, "m").await();
                Packet first = peer.goodReceived().poll(5, TimeUnit.SECONDS);
                assertThat(first).isInstanceOfSatisfying(Publish.class, m -> assertThat(m.topic()).isEqualTo("marker"));
            }
        }
    }

    @Test
    void payloadOverMqttsMaximumIsRefusedAtTheCall() {
        try (MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1").setClientId("big"))) {
            byte[] huge = new byte[268_435_455 - 2 - 1 + 1];
            refused(() -> c.publish("t", 0, false, huge), "payload of 268435453 bytes: the PUBLISH would have a"
                    + " remaining length of 268435456, more than MQTT's maximum of 268435455");
            byte[] fitsAtQos0 = new byte[268_435_455 - 2 - 1];
            refused(() -> c.publish("t", 1, false, fitsAtQos0), "remaining length of 268435457");
        }
    }

    @Test
    void mqtt31ClientIdOver23CharactersIsRefusedAtCreate() {
        String id24 = "x".repeat(24);
        assertThatThrownBy(() -> MqttClient.create(new ClientOptions().setProtocolVersion(3).setClientId(id24)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clientId '" + id24 + "' has 24 characters: MQTT 3.1 (protocol version 3) allows at most 23");
        assertThatCode(() -> MqttClient.create(new ClientOptions().setProtocolVersion(3).setClientId("x".repeat(23)))
                .close()).doesNotThrowAnyException();
        assertThatCode(() -> MqttClient.create(new ClientOptions().setProtocolVersion(4).setClientId(id24)).close())
                .doesNotThrowAnyException();
    }

    @Test
    void callsAfterCloseFailWithIllegalState() {
        MqttClient c = MqttClient.create(new ClientOptions().addBroker("tcp://127.0.0.1:1").setClientId("closed"));
        c.close();
        c.close(); // idempotent
        String rule = "client is closed: create a new client"
                + " (disconnect() leaves a client that connect() can start again; close() ends it)";
        List<ThrowingCallable> calls = List.of(c::connect,
                () -> c.publish("a", 1, false, "p"),
                () -> c.subscribe("a", 1, null),
                () -> c.subscribeMultiple(Collections.singletonMap("a", 0), null),
                () -> c.unsubscribe("a"),
                () -> c.addRoute("a", (cl, m) -> { }));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(IllegalStateException.class).hasMessage(rule);
        }
    }
}
