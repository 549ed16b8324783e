package dev.kite.mqtt.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.FrozenOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.testing.Logs;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The observers of a client as one: order, isolation from a throwing observer, and the options. */
class ObserversTest {
    private static final URI BROKER = URI.create("tcp://127.0.0.1:1883");

    /** Records each event as a line: "name event args". */
    private static final class Recording implements ClientObserver {
        final String name;
        final List<String> events;

        Recording(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public void connected(MqttClient client, URI broker, boolean reconnect) {
            events.add(name + " connected " + broker + " " + reconnect);
        }

        @Override
        public void published(MqttClient client, int qos, int payloadBytes) {
            events.add(name + " published " + qos + " " + payloadBytes);
        }

        @Override
        public void received(MqttClient client, int qos, int payloadBytes) {
            events.add(name + " received " + qos + " " + payloadBytes);
        }
    }

    /** Throws on every event. */
    private static final class Throwing implements ClientObserver {
        @Override
        public void published(MqttClient client, int qos, int payloadBytes) {
            throw new IllegalStateException("observer failure");
        }

        @Override
        public void handled(MqttClient client, long nanos) {
            throw new IllegalStateException("observer failure");
        }

        @Override
        public String toString() {
            return "Throwing";
        }
    }

    @Test
    void noObserversIsNoObserverAtAll() {
        assertThat(Observers.of(List.of())).isNull();
    }

    @Test
    void callsEachObserverInTheOrderAdded() {
        List<String> events = new CopyOnWriteArrayList<>();
        ClientObserver all = Observers.of(List.of(new Recording("a", events), new Recording("b", events)));
        all.connected(null, BROKER, false);
        all.published(null, 1, 5);
        all.received(null, 2, 7);
        all.handled(null, 10);
        assertThat(events).containsExactly("a connected tcp://127.0.0.1:1883 false", "b connected tcp://127.0.0.1:1883 false",
                "a published 1 5", "b published 1 5", "a received 2 7", "b received 2 7");
    }

    @Test
    void aThrowingObserverIsLoggedOnceAndTheOthersStillHearEverything() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        ClientObserver all = Observers.of(List.of(new Throwing(), new Recording("b", events)));
        String log = Logs.stderrOf(() -> {
            for (int i = 0; i < 3; i++) {
                all.published(null, 0, i);
                all.handled(null, i);
            }
        });
        assertThat(events).containsExactly("b published 0 0", "b published 0 1", "b published 0 2");
        assertThat(Logs.warnings(log, "client observer Throwing threw")).isEqualTo(1);
        assertThat(log).contains("observer failure");
    }

    @Test
    void optionsKeepTheObserversInOrderAndRefuseNull() {
        ClientObserver a = new ClientObserver() {
        };
        ClientObserver b = new ClientObserver() {
        };
        ClientOptions opts = new ClientOptions().addObserver(a).addObserver(b);
        assertThat(FrozenOptions.of(opts).observers()).containsExactly(a, b);
        assertThat(FrozenOptions.of(new ClientOptions()).observers()).isEmpty();
        assertThat(FrozenOptions.of(new ClientOptions()).observer()).isNull();
        assertThatThrownBy(() -> new ClientOptions().addObserver(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observer is null");
    }
}
