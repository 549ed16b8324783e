package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.ConnackProperties;

/**
 * What the broker allows on one connection, from its MQTT 5.0 CONNACK (section 3.2.2.3): the
 * client must not send more unacknowledged QoS 1/2 messages than {@code receiveMaximum}
 * [MQTT-3.3.4-7], packets larger than {@code maximumPacketSize} [MQTT-3.2.2-15], topic aliases
 * above {@code topicAliasMaximum} [MQTT-3.2.2-17], a QoS above {@code maximumQos}
 * [MQTT-3.2.2-11], retained messages without {@code retainAvailable} [MQTT-3.2.2-14], or
 * subscriptions the broker said it does not support. Connection-scoped and immutable: read it
 * from {@link Connection#limits()}. Under 3.1 and 3.1.1 it is {@link #NONE}: the protocol's
 * defaults, which limit nothing.
 *
 * @param receiveMaximum 1 to 65,535
 * @param maximumPacketSize the largest whole packet (fixed header included) the broker accepts;
 *     268,435,460 when it announced none
 * @param topicAliasMaximum 0 (no aliases) to 65,535
 * @param maximumQos 0, 1 or 2
 */
record ServerLimits(int receiveMaximum, long maximumPacketSize, int topicAliasMaximum, int maximumQos,
                    boolean retainAvailable, boolean wildcardSubscriptionAvailable,
                    boolean subscriptionIdentifiersAvailable, boolean sharedSubscriptionAvailable) {
    /** The largest packet MQTT can express: a 268,435,455-byte remaining length and its 5-byte header. */
    static final long PROTOCOL_MAXIMUM_PACKET_SIZE = 268_435_455L + 5;

    /** No limit beyond the protocol's: a 3.1.1 connection, or a CONNACK without properties. */
    static final ServerLimits NONE = of(ConnackProperties.DEFAULTS);

    /** Returns the limits a CONNACK announced. */
    static ServerLimits of(ConnackProperties c) {
        return new ServerLimits(c.receiveMaximum(),
                Math.min(c.maximumPacketSize().orElse(PROTOCOL_MAXIMUM_PACKET_SIZE), PROTOCOL_MAXIMUM_PACKET_SIZE),
                c.topicAliasMaximum(), c.maximumQos(), c.retainAvailable(), c.wildcardSubscriptionAvailable(),
                c.subscriptionIdentifiersAvailable(), c.sharedSubscriptionAvailable());
    }
}
