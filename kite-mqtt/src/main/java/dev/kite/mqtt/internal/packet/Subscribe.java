package dev.kite.mqtt.internal.packet;

import java.util.List;

/**
 * SUBSCRIBE [MQTT-3.8].
 *
 * @param packetId the packet id, 1 to 65535
 * @param subscriptions the filters with their requested QoS, at least one
 */
public record Subscribe(int packetId, List<Subscription> subscriptions) implements Packet {
    public Subscribe {
        subscriptions = List.copyOf(subscriptions);
    }

    @Override
    public int type() {
        return Type.SUBSCRIBE;
    }

    /**
     * One topic filter of a SUBSCRIBE.
     *
     * @param filter the topic filter
     * @param qos the maximum QoS requested, 0 to 2
     */
    public record Subscription(String filter, int qos) {
    }
}
