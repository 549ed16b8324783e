package dev.kite.mqtt.fault;

import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.store.FileStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A publisher in its own JVM for fault scenario 3: publishes {@code p3:i} for i from {@code from}
 * to {@code count - 1} (odd i at QoS 2 on fault/p3/2, even at QoS 1 on fault/p3/1) with a
 * {@link FileStore}, printing {@code published i} once {@code publish} returned (the message is
 * then in the store), and {@code done} when everything, restored messages included, is acknowledged.
 *
 * <p>Arguments: protocol version, broker URI, store directory, from, count.
 */
public final class FilePublisher {
    private FilePublisher() {
    }

    public static void main(String[] args) throws Exception {
        int version = Integer.parseInt(args[0]);
        String broker = args[1];
        Path dir = Path.of(args[2]);
        int from = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        MqttClient c = MqttClient.create(FaultIT.options(version, broker, "p3", false).setMaxReconnectInterval(Duration.ofMillis(500))
                .setStore(new FileStore(dir)));
        c.connect().await();
        for (int i = from; i < count; i++) {
            int qos = i % 2 == 0 ? 1 : 2;
            c.publish("fault/p3/" + qos, qos, false, Ledger.payload("p3-" + qos, i));
            System.out.println("published " + i);
            if (i % 50 == 49) {
                System.out.flush();
            }
        }
        System.out.flush();
        // disconnect waits (up to the quiesce time) until every flow, restored ones too, completed
        c.disconnect(120_000);
        System.out.println("done");
        System.out.flush();
    }
}
