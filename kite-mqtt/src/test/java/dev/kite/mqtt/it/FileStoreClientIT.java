package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.broker.EmbeddedBroker;
import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.Token;
import dev.kite.mqtt.store.FileStore;
import dev.kite.mqtt.store.StoreKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client persisting its QoS 1/2 flows in a {@link FileStore}, against the embedded HiveMQ broker. */
class FileStoreClientIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void completedFlowsLeaveNoOutboundEntries() throws Exception {
        Path dir = tmp.resolve("store");
        int messages = 200;
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            CountDownLatch received = new CountDownLatch(messages);
            MqttClient client = MqttClient.create(new ClientOptions().addBroker(broker.uri())
                    .setClientId("kite-filestore-it").setStore(new FileStore(dir)));
            try {
                assertThat(client.connect().waitFor(WAIT)).isTrue();
                assertThat(client.subscribe("kite/store/#", 2, (c, m) -> received.countDown()).waitFor(WAIT))
                        .isTrue();
                List<Token> tokens = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    tokens.add(client.publish("kite/store/" + i, 1 + i % 2, false, "message " + i));
                }
                for (Token t : tokens) {
                    assertThat(t.waitFor(WAIT)).isTrue();
                    assertThat(t.error()).isNull();
                }
                assertThat(received.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } finally {
                client.disconnect(250);
                client.close(); // disconnect() keeps the store for a next connect(); close() releases it
            }
        }

        FileStore store = new FileStore(dir);
        store.open();
        try {
            assertThat(store.keys()).noneMatch(k -> k.kind() == StoreKey.Kind.OUTBOUND);
        } finally {
            store.close();
        }
    }
}
