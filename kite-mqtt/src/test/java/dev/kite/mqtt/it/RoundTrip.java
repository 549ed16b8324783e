package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.ConnectToken;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.testing.Recorder;
import java.time.Duration;
import java.util.UUID;

/** The check every transport passes: connect, subscribe, publish at QoS 1, receive, disconnect. */
final class RoundTrip {
    static final Duration WAIT = Duration.ofSeconds(15);

    private RoundTrip() {
    }

    /** Runs the round trip with these options (a broker already added) and asserts each step. */
    static void check(ClientOptions opts) {
        String topic = "kite/transport/" + UUID.randomUUID();
        Recorder rec = new Recorder();
        try (MqttClient c = MqttClient.create(opts.setConnectTimeout(WAIT).setAutoReconnect(false))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT)).isTrue();
            assertThat(t.error()).as("connect error").isNull();
            c.subscribe(topic, 1, rec).await();
            c.publish(topic, 1, false, "over the transport").await();
            rec.awaitCount(1, WAIT);
            assertThat(rec.payloads()).containsExactly("over the transport");
            assertThat(rec.messages().get(0).qos()).isEqualTo(1);
            c.disconnect(250);
            assertThat(c.isConnected()).isFalse();
        }
    }

    /** Connects and returns the connect error (null on success), then closes. */
    static Throwable connectError(ClientOptions opts) {
        try (MqttClient c = MqttClient.create(opts.setConnectTimeout(WAIT).setAutoReconnect(false))) {
            ConnectToken t = c.connect();
            assertThat(t.waitFor(WAIT.plusSeconds(5))).isTrue();
            return t.error();
        }
    }
}
