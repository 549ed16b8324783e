package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.MqttProtocolException;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;

/**
 * The topic aliases a broker sets on one connection (MQTT 5.0, section 3.3.2.3.4): a PUBLISH with
 * a topic and an alias maps the alias to the topic; one with an empty topic and an alias stands
 * for the mapped topic. Connection-scoped: a new connection starts with none [MQTT-3.3.2-7].
 */
final class TopicAliases {
    private String[] topics = new String[0];
    private int maximum;

    /** A new connection: no alias is mapped, and at most {@code maximum} may be (0: none at all). */
    void reset(int maximum) {
        this.maximum = maximum;
        this.topics = new String[maximum + 1];
    }

    /**
     * Returns the PUBLISH with its topic: as it came when it has no alias, with the mapped topic
     * when it has an alias and no topic.
     *
     * @throws MqttProtocolException for an alias of 0 or above the maximum the client announced
     *     [MQTT-3.3.2-9] [MQTT-3.3.2-10], or an empty topic with an alias never mapped on this
     *     connection: protocol errors, which close the connection (section 4.13)
     */
    Publish resolve(Publish p) {
        long alias = p.properties().number(Property.TOPIC_ALIAS, -1);
        if (alias < 0) {
            return p;
        }
        if (alias == 0 || alias > maximum) {
            throw new MqttProtocolException("PUBLISH with topic alias " + alias + ", but the client accepts aliases 1 to "
                    + maximum + " only (Topic Alias Maximum" + (maximum == 0 ? " 0: none" : "") + ") [MQTT-3.3.2-9] [MQTT-3.3.2-10]");
        }
        if (!p.topic().isEmpty()) {
            topics[(int) alias] = p.topic();
            return p;
        }
        String topic = topics[(int) alias];
        if (topic == null) {
            throw new MqttProtocolException("PUBLISH with an empty topic and topic alias " + alias
                    + ", which no earlier PUBLISH of this connection mapped to a topic (section 3.3.2.3.4)");
        }
        return new Publish(topic, p.payload(), p.qos(), p.retain(), p.dup(), p.packetId(), p.properties());
    }
}
