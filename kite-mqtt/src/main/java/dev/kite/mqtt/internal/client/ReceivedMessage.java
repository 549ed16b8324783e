package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.internal.packet.Publish;
import java.util.concurrent.atomic.AtomicBoolean;

/** A received PUBLISH as handlers see it; acknowledges once, on the connection it came from. */
final class ReceivedMessage implements Message {
    private final Publish publish;
    private final Connection connection;
    private final RealMqttClient client;
    private final AtomicBoolean acked = new AtomicBoolean();

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
    public void ack() {
        if (publish.qos() > 0 && acked.compareAndSet(false, true)) {
            client.acknowledge(connection, publish.qos(), publish.packetId());
        }
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic() + ", qos=" + qos() + ", retained=" + retained() + ", duplicate="
                + duplicate() + ", messageId=" + messageId() + ", payload=" + publish.payload().length + " bytes]";
    }
}
