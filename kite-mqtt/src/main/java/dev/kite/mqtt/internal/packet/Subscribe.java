package dev.kite.mqtt.internal.packet;

import java.util.List;
import java.util.Objects;

/**
 * SUBSCRIBE [MQTT-3.8].
 *
 * @param packetId the packet id, 1 to 65535
 * @param subscriptions the filters with their requested QoS and options, at least one
 * @param properties the MQTT 5.0 properties (subscription identifier, user properties);
 *     {@link Properties#EMPTY} under 3.1.1
 */
public record Subscribe(int packetId, List<Subscription> subscriptions, Properties properties) implements Packet {
    public Subscribe {
        subscriptions = List.copyOf(subscriptions);
        Objects.requireNonNull(properties, "properties");
    }

    /** A SUBSCRIBE without properties. */
    public Subscribe(int packetId, List<Subscription> subscriptions) {
        this(packetId, subscriptions, Properties.EMPTY);
    }

    @Override
    public int type() {
        return Type.SUBSCRIBE;
    }

    /**
     * One topic filter of a SUBSCRIBE, with the subscription options byte of MQTT 5.0
     * (section 3.8.3.1); under 3.1.1 only the filter and the QoS are sent.
     *
     * @param filter the topic filter
     * @param qos the maximum QoS requested, 0 to 2
     * @param noLocal MQTT 5.0: do not send back the client's own messages
     * @param retainAsPublished MQTT 5.0: keep the retain flag messages were published with
     * @param retainHandling MQTT 5.0: 0 send retained messages at subscribe, 1 only for a new
     *     subscription, 2 never
     */
    public record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                               int retainHandling) {
        /** A filter with a QoS and the default options, as MQTT 3.1.1 has it. */
        public Subscription(String filter, int qos) {
            this(filter, qos, false, false, 0);
        }
    }
}
