package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.internal.packet.PropertyViews;
import dev.kite.mqtt.internal.packet.Publish;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/** A received PUBLISH as handlers see it; acknowledges once, on the connection it came from. */
final class ReceivedMessage implements Message {
    private static final AtomicIntegerFieldUpdater<ReceivedMessage> ACKED =
            AtomicIntegerFieldUpdater.newUpdater(ReceivedMessage.class, "acked");

    private final Publish publish;
    private final Connection connection;
    private final RealMqttClient client;
    private volatile int acked;
    /** The properties as the API has them, made on first use; a benign race may make them twice. */
    private MessageProperties properties;

    ReceivedMessage(Publish publish, Connection connection, RealMqttClient client) {
        this.publish = publish;
        this.connection = connection;
        this.client = client;
    }

    @Override
    public String topic() {
        return publish.topic();
    }

    @Override
    public byte[] payload() {
        return publish.payload();
    }

    @Override
    public int qos() {
        return publish.qos();
    }

    @Override
    public boolean retained() {
        return publish.retain();
    }

    @Override
    public boolean duplicate() {
        return publish.dup();
    }

    @Override
    public int messageId() {
        return publish.packetId();
    }

    @Override
    public MessageProperties properties() {
        MessageProperties p = properties;
        if (p == null) {
            p = PropertyViews.message(publish.properties());
            properties = p;
        }
        return p;
    }

    /** Acknowledges once, on any thread; the writer is woken at once. */
    @Override
    public void ack() {
        if (claimAck()) {
            try (Writer.Batch batch = connection.writer().batch()) {
                client.acknowledge(connection, publish.qos(), publish.packetId(), batch);
            }
        }
    }

    /**
     * Acknowledges once, in {@code burst}: a batch the calling thread has open on this message's
     * connection, which wakes the writer when it closes (see {@link Delivery}).
     */
    void ack(Writer.Batch burst) {
        if (claimAck()) {
            client.acknowledge(connection, publish.qos(), publish.packetId(), burst);
        }
    }

    /** Returns true the first time it is called for a message that needs an acknowledgement. */
    private boolean claimAck() {
        return publish.qos() > 0 && ACKED.compareAndSet(this, 0, 1);
    }

    /** Returns the connection the message came on. */
    Connection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic() + ", qos=" + qos() + ", retained=" + retained() + ", duplicate="
                + duplicate() + ", messageId=" + messageId() + ", payload=" + publish.payload().length + " bytes"
                + (publish.properties().isEmpty() ? "" : ", " + properties()) + "]";
    }
}
