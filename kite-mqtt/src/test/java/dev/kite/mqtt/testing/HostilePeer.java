package dev.kite.mqtt.testing;

import dev.kite.mqtt.internal.packet.Connack;
import dev.kite.mqtt.internal.packet.Connect;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Pingreq;
import dev.kite.mqtt.internal.packet.Pingresp;
import dev.kite.mqtt.internal.packet.Puback;
import dev.kite.mqtt.internal.packet.Pubcomp;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Pubrec;
import dev.kite.mqtt.internal.packet.Pubrel;
import dev.kite.mqtt.internal.packet.Suback;
import dev.kite.mqtt.internal.packet.Subscribe;
import dev.kite.mqtt.internal.packet.Unsuback;
import dev.kite.mqtt.internal.packet.Unsubscribe;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MockBroker} whose first connection runs a hostile script and every later one behaves:
 * it accepts CONNECT, acknowledges every flow and records what it was sent. A test breaks the
 * protocol on the first connection, then checks the client comes back and nothing was lost.
 */
public final class HostilePeer implements AutoCloseable {
    private final MockBroker broker;
    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<Packet> goodReceived = new LinkedBlockingQueue<>();

    private HostilePeer(MockBroker.Script hostile) {
        this.broker = new MockBroker(p -> {
            if (connections.incrementAndGet() == 1 && hostile != null) {
                hostile.run(p);
                p.drain();
            } else {
                behave(p);
            }
        });
    }

    /** Starts a peer whose first connection runs {@code hostile}. */
    public static HostilePeer first(MockBroker.Script hostile) {
        return new HostilePeer(hostile);
    }

    /** Starts a peer whose every connection behaves, to watch what a client sends. */
    public static HostilePeer wellBehaved() {
        return new HostilePeer(null);
    }

    /** Reads CONNECT and accepts it: the common start of a hostile script. */
    public static void accept(MockBroker.Peer p) throws IOException {
        p.expect(Connect.class, 10);
        p.send(new Connack(false, 0));
    }

    public String uri() {
        return broker.uri();
    }

    /** Returns how many connections were accepted. */
    public int connections() {
        return connections.get();
    }

    /** What the well-behaved connections received, in order. */
    public BlockingQueue<Packet> goodReceived() {
        return goodReceived;
    }

    private void behave(MockBroker.Peer p) throws IOException {
        accept(p);
        Packet in;
        while ((in = p.read(3600)) != null) {
            goodReceived.add(in);
            if (in instanceof Publish pub && pub.qos() == 1) {
                p.send(new Puback(pub.packetId()));
            } else if (in instanceof Publish pub && pub.qos() == 2) {
                p.send(new Pubrec(pub.packetId()));
            } else if (in instanceof Pubrel rel) {
                p.send(new Pubcomp(rel.packetId()));
            } else if (in instanceof Subscribe sub) {
                p.send(new Suback(sub.packetId(), sub.subscriptions().stream().map(Subscribe.Subscription::qos).toList()));
            } else if (in instanceof Unsubscribe unsub) {
                p.send(new Unsuback(unsub.packetId()));
            } else if (in instanceof Pingreq) {
                p.send(Pingresp.INSTANCE);
            }
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
