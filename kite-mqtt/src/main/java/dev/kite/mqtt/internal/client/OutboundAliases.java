package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import java.util.HashMap;
import java.util.Map;

/**
 * Replaces the topics of outgoing PUBLISHes by MQTT 5.0 topic aliases (section 3.3.2.3.4), with
 * {@code setOutboundTopicAliases(true)}: the first PUBLISH to a topic carries the topic and a new
 * alias, later ones the alias and an empty topic. The first {@code maximum} topics get an alias
 * (the broker's Topic Alias Maximum, [MQTT-3.3.2-9]) and keep it; later topics go out in full.
 *
 * <p>Connection-scoped, applied by the {@link Writer} as it encodes, under its write lock: an
 * alias is mapped on the wire before it is used, whatever order publishing threads raced in, and
 * a new connection starts with none [MQTT-3.3.2-7]. The session keeps the full topic, so a message
 * resent after a reconnect names its topic again.
 */
final class OutboundAliases {
    private final int maximum;
    private final Map<String, Integer> byTopic = new HashMap<>();

    OutboundAliases(int maximum) {
        this.maximum = maximum;
    }

    /** Returns the packet as it goes on the wire: a PUBLISH with an alias, anything else as it is. */
    Packet apply(Packet p) {
        if (!(p instanceof Publish pub) || pub.topic().isEmpty() || pub.properties().has(Property.TOPIC_ALIAS)) {
            return p;
        }
        Integer alias = byTopic.get(pub.topic());
        if (alias != null) {
            return new Publish("", pub.payload(), pub.qos(), pub.retain(), pub.dup(), pub.packetId(),
                    withAlias(pub.properties(), alias));
        }
        if (byTopic.size() >= maximum) {
            return p;
        }
        alias = byTopic.size() + 1;
        byTopic.put(pub.topic(), alias);
        return new Publish(pub.topic(), pub.payload(), pub.qos(), pub.retain(), pub.dup(), pub.packetId(),
                withAlias(pub.properties(), alias));
    }

    private static Properties withAlias(Properties p, int alias) {
        Properties.Builder b = Properties.builder();
        for (int i = 0; i < p.size(); i++) {
            int id = p.id(i);
            Object v = p.value(i);
            switch (Property.kind(id)) {
                case STRING -> b.string(id, (String) v);
                case BINARY -> b.binary(id, (byte[]) v);
                case PAIR -> b.userProperty((UserProperty) v);
                default -> b.number(id, (Long) v);
            }
        }
        return b.number(Property.TOPIC_ALIAS, alias).build();
    }
}
