package dev.kite.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kite.mqtt.ClientOptions;
import dev.kite.mqtt.MqttClient;
import dev.kite.mqtt.PacketListener;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.client.PacketRewriter;
import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Disconnect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.testing.MockBroker;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The internal seam kite pub and kite sub use for properties the API has no call for: a packet
 * listener that is also a {@link PacketRewriter} changes what goes on the wire, and is told what
 * was sent. A scripted peer, because no broker shows a SUBSCRIBE's user properties.
 */
class PacketRewriterIT {
    /** Adds a user property to SUBSCRIBE and to the closing DISCONNECT; records the -d lines. */
    private static final class Tagging implements PacketListener, PacketRewriter {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void onPacket(Direction direction, String description) {
            if (direction == Direction.SENT) {
                sent.add(description);
            }
        }

        @Override
        public Packet rewrite(Packet packet) {
            Properties tag = Properties.builder().userProperty("via", "rewriter").build();
            if (packet instanceof Subscribe s) {
                return new Subscribe(s.packetId(), s.subscriptions(), tag);
            }
            if (packet instanceof Disconnect d && d.reasonCode() == 0) {
                return new Disconnect(0, tag);
            }
            return packet;
        }
    }

    @Test
    void aRewritingListenerChangesThePacketsOnTheWire() throws Exception {
        BlockingQueue<Packet> seen = new LinkedBlockingQueue<>();
        try (MockBroker broker = new MockBroker(ProtocolVersion.MQTT_5, p -> {
            p.expect(Connect.class, 10);
            p.send(new Connack(false, 0));
            Subscribe s = p.expect(Subscribe.class, 10);
            seen.add(s);
            p.send(new Suback(s.packetId(), List.of(1)));
            seen.add(p.expect(Disconnect.class, 10));
        })) {
            Tagging tagging = new Tagging();
            MqttClient c = MqttClient.create(new ClientOptions().addBroker(broker.uri()).setClientId("rw")
                    .setProtocolVersion(5).setAutoReconnect(false).setPacketListener(tagging));
            c.connect().waitFor();
            c.subscribe("a/#", 1, (client, m) -> { }).waitFor();
            c.disconnect(1000);
            c.close();
            Packet subscribe = seen.poll(10, TimeUnit.SECONDS);
            Packet disconnect = seen.poll(10, TimeUnit.SECONDS);
            assertThat(subscribe.properties().userProperties()).containsExactly(new UserProperty("via", "rewriter"));
            assertThat(disconnect.properties().userProperties()).containsExactly(new UserProperty("via", "rewriter"));
            assertThat(tagging.sent).contains("SUBSCRIBE (Mid: 1, Topic: a/#, QoS: 1, Options: 0x00)", "DISCONNECT");
            assertThat(broker.scriptErrors()).isEmpty();
        }
    }
}
