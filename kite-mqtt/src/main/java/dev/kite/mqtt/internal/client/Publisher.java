package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ClientObserver;
import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.ConnectionState;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.MqttClientException;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.PublishToken;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.session.Limits;
import java.util.function.Consumer;

/**
 * The client's publish path: hands the message to the session under the client lock, then sends
 * what the session let out after releasing it, so the caller's thread may write it itself and no
 * socket write happens under the lock. A QoS 0 message on a quiet connection skips the session.
 */
final class Publisher {
    private final RealMqttClient c;

    Publisher(RealMqttClient client) {
        this.c = client;
    }

    PublishToken publish(String topic, int qos, boolean retained, byte[] payload) {
        return publish(Requests.publish(topic, qos, retained, payload));
    }

    /** See {@code MqttClient.publish(String, int, boolean, byte[], MessageProperties)}. */
    PublishToken publish(String topic, int qos, boolean retained, byte[] payload, MessageProperties properties) {
        boolean v5 = properties != null && !properties.isEmpty() && speaksV5(c);
        return publish(Requests.publish(topic, qos, retained, payload, properties, v5));
    }

    /**
     * Returns the limits a connection accepted with {@code connack} sets on the session: under
     * MQTT 5.0 the broker's Receive Maximum, Maximum Packet Size (absent: 65,535 and no limit),
     * Maximum QoS, and Retain, Wildcard Subscription, Subscription Identifier and Shared
     * Subscription availability, and the Receive Maximum and Topic Alias Maximum the client
     * announced.
     */
    static Limits limits(ClientConfig config, ProtocolVersion version, ConnackProperties connack) {
        if (version != ProtocolVersion.MQTT_5) {
            return Limits.V3;
        }
        return new Limits(version, connack.receiveMaximum(), connack.maximumPacketSize().orElse(0),
                config.receiveMaximum(), config.topicAliasMaximum(), connack.maximumQos(), connack.retainAvailable(),
                connack.wildcardSubscriptionAvailable(), connack.subscriptionIdentifiersAvailable(),
                connack.sharedSubscriptionAvailable());
    }

    /**
     * Lets a new connection's writer replace topics by aliases, if the options ask for it and the
     * broker's CONNACK allows any (see {@link OutboundAliases}).
     */
    static void aliasTopics(ClientConfig config, Connection conn, ConnackProperties connack) {
        if (config.outboundTopicAliases() && connack.topicAliasMaximum() > 0) {
            conn.writer().aliasTopics(new OutboundAliases(connack.topicAliasMaximum()));
        }
    }

    /**
     * Returns whether the client speaks MQTT 5.0: the version of its connections once one was
     * accepted, the version asked for until then. Takes the client lock.
     */
    static boolean speaksV5(RealMqttClient c) {
        c.lock.lock();
        try {
            return c.lockedVersion != null ? c.lockedVersion == ProtocolVersion.MQTT_5
                    : (c.config.protocolVersion() & 0x7F) == ProtocolVersion.MQTT_5.level();
        } finally {
            c.lock.unlock();
        }
    }

    private PublishToken publish(Publish p) {
        int qos = p.qos();
        Tokens.Publish token = new Tokens.Publish(c.threads.callbacks());
        ClientObserver observer = c.config.observer();
        long started = observer == null ? 0 : System.nanoTime();
        // what the session lets out now is sent after the lock is released: the caller's thread
        // may write it itself (see Writer.writeNow), and a write may block
        Connection conn = null;
        Packet now = null;
        boolean completeOnWrite = false;
        c.lock.lock();
        try {
            c.checkOpen();
            if (c.state == ConnectionState.DISCONNECTED && !c.disconnected) {
                // never connected, or lost without reconnecting; after disconnect() it waits for connect()
                token.fail(new MqttClientException("not connected: call connect() first"));
            } else if (qos == 0 && c.state == ConnectionState.CONNECTED && c.session.waitingCount() == 0) {
                // the common QoS 0 path: straight to the connection, completed once written
                String refusal = c.session.refusal(p);
                if (refusal != null) {
                    token.fail(new MqttClientException(refusal));
                } else {
                    conn = c.connection;
                    now = p;
                    completeOnWrite = true;
                }
            } else if (qos == 0 && c.state != ConnectionState.CONNECTED && !c.config.queueQos0WhileDisconnected()) {
                token.fail(new MqttClientException("not connected: a QoS 0 message is not queued while disconnected"
                        + " (setQueueQos0WhileDisconnected)"));
            } else {
                Outbox out = new Outbox();
                try {
                    c.session.publish(p, token, c.connection == null ? RealMqttClient.NOWHERE : out);
                } catch (MqttClientException full) {
                    token.fail(full);
                }
                conn = c.connection;
                now = out.packet;
            }
        } finally {
            c.lock.unlock();
        }
        if (observer != null) {
            observe(observer, token, qos, p.payload().length, started);
        }
        if (now != null) {
            send(conn, now, completeOnWrite ? token : null);
        }
        return token;
    }

    /**
     * Reports a publish to the client's observers: taken, unless refused at the call, and its end
     * once the token completes, with the time since {@code started}. The token may complete under
     * the client lock, so the end is posted to the callback threads (one hand-over per socket read).
     */
    private void observe(ClientObserver observer, Tokens.Publish token, int qos, int payloadBytes, long started) {
        if (!token.isDone()) {
            observer.published(c, qos, payloadBytes);
        }
        token.future.whenComplete((r, e) -> {
            long nanos = System.nanoTime() - started;
            CallbackBatch.post(() -> observer.publishCompleted(c, qos, nanos, e));
        });
    }

    /** Sends a packet the session let out during a publish, from the caller's thread. */
    private void send(Connection conn, Packet packet, Tokens.Publish qos0Token) {
        assert !c.lock.isHeldByCurrentThread() : "a socket write under the client lock";
        if (!conn.writer().writeNow(packet, qos0Token) && qos0Token != null) {
            qos0Token.fail(new MqttClientException("connection lost before the QoS 0 message was sent"));
        }
        // a QoS 1/2 message not sent stays in the session and goes out again after a reconnect
    }

    /** Catches the one packet a session's publish lets out, to send it after the lock. */
    private static final class Outbox implements Consumer<Packet> {
        Packet packet;

        @Override
        public void accept(Packet p) {
            if (packet != null) {
                throw new IllegalStateException("a publish let out two packets: " + packet + ", " + p);
            }
            packet = p;
        }
    }
}
