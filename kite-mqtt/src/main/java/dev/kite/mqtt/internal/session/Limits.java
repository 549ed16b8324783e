package dev.kite.mqtt.internal.session;

import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.packet.Packet;
import dev.kite.mqtt.internal.packet.Property;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;

/**
 * What one connection allows, fixed by its CONNACK: the protocol version spoken and, under MQTT
 * 5.0, the broker's Receive Maximum (how many QoS 1/2 publishes may await acknowledgement at once,
 * section 3.2.2.3.3) and Maximum Packet Size (section 3.2.2.3.6). Connection-scoped: a new
 * connection brings new limits.
 *
 * @param version the protocol version of the connection
 * @param receiveMaximum the broker's Receive Maximum, 1 to 65535 (65535 when it sent none, and under 3.1.1)
 * @param maximumPacketSize the largest packet the broker accepts, in bytes, or 0 for no limit
 * @param announcedReceiveMaximum the Receive Maximum the client announced in its CONNECT
 * @param announcedTopicAliasMaximum the Topic Alias Maximum the client announced: how many aliases
 *     the broker may set, 0 for none
 * @param maximumQos the highest QoS the broker accepts in a PUBLISH (section 3.2.2.3.4)
 * @param retainAvailable whether the broker accepts retained messages (section 3.2.2.3.5)
 * @param wildcardsAvailable whether the broker accepts filters with '+' or '#' (section 3.2.2.3.12)
 * @param identifiersAvailable whether the broker accepts subscription identifiers (section 3.2.2.3.13)
 * @param sharedAvailable whether the broker accepts {@code $share/} filters (section 3.2.2.3.14)
 */
public record Limits(ProtocolVersion version, int receiveMaximum, long maximumPacketSize, int announcedReceiveMaximum,
                     int announcedTopicAliasMaximum, int maximumQos, boolean retainAvailable,
                     boolean wildcardsAvailable, boolean identifiersAvailable, boolean sharedAvailable) {
    /** MQTT 3.1.1: no limit but the client's own window. */
    public static final Limits V3 = new Limits(ProtocolVersion.MQTT_3_1_1, 65_535, 0, 65_535, 0);

    /** MQTT 5.0 limits with no topic alias accepted. */
    public Limits(ProtocolVersion version, int receiveMaximum, long maximumPacketSize, int announcedReceiveMaximum) {
        this(version, receiveMaximum, maximumPacketSize, announcedReceiveMaximum, 0);
    }

    /** Limits of a broker that takes every QoS and retained messages. */
    public Limits(ProtocolVersion version, int receiveMaximum, long maximumPacketSize, int announcedReceiveMaximum,
                  int announcedTopicAliasMaximum) {
        this(version, receiveMaximum, maximumPacketSize, announcedReceiveMaximum, announcedTopicAliasMaximum, 2, true);
    }

    /** Limits of a broker that takes every kind of subscription. */
    public Limits(ProtocolVersion version, int receiveMaximum, long maximumPacketSize, int announcedReceiveMaximum,
                  int announcedTopicAliasMaximum, int maximumQos, boolean retainAvailable) {
        this(version, receiveMaximum, maximumPacketSize, announcedReceiveMaximum, announcedTopicAliasMaximum, maximumQos,
                retainAvailable, true, true, true);
    }

    public Limits {
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receive maximum " + receiveMaximum + ": must be 1 to 65535 (section 3.2.2.3.3)");
        }
    }

    /** Returns whether the connection speaks MQTT 5.0. */
    public boolean v5() {
        return version == ProtocolVersion.MQTT_5;
    }

    /**
     * Returns why a PUBLISH cannot be sent on this connection, or null if it can: its QoS is above
     * the broker's Maximum QoS [MQTT-3.2.2-11], it is retained and the broker takes no retained
     * messages [MQTT-3.2.2-14], or its encoded size exceeds the broker's Maximum Packet Size
     * [MQTT-3.2.2-15].
     */
    String refusal(Publish p) {
        if (p.qos() > maximumQos) {
            return "PUBLISH to '" + p.topic() + "' at QoS " + p.qos() + ": the broker accepts QoS " + maximumQos
                    + " at most (Maximum QoS, CONNACK); it is not sent [MQTT-3.2.2-11]";
        }
        if (p.retain() && !retainAvailable) {
            return "PUBLISH to '" + p.topic() + "' with the retain flag: the broker takes no retained messages"
                    + " (Retain Available 0, CONNACK); it is not sent [MQTT-3.2.2-14]";
        }
        Publish sized = p.qos() > 0 && p.packetId() == 0 ? p.withIdAndDup(1, false) : p;
        return tooLarge(sized, "PUBLISH to '" + p.topic() + "'");
    }

    /**
     * Returns why a SUBSCRIBE cannot be sent on this connection, or null if it can: a filter has
     * a wildcard and the broker takes none (section 3.2.2.3.12), is shared and the broker has no shared
     * subscriptions (section 3.2.2.3.14), it carries a subscription identifier and the broker
     * takes none (section 3.2.2.3.13), or it exceeds the broker's Maximum Packet Size
     * [MQTT-3.2.2-15]. Sending it anyway would make the broker disconnect (0xA2, 0x9E, 0xA1, 0x95).
     */
    String refusal(Subscribe s) {
        for (Subscribe.Subscription sub : s.subscriptions()) {
            String why = refusal(sub.filter());
            if (why != null) {
                return why;
            }
        }
        if (s.properties().has(Property.SUBSCRIPTION_IDENTIFIER) && !identifiersAvailable) {
            return "SUBSCRIBE to " + filters(s) + " with a subscription identifier: the broker takes none"
                    + " (Subscription Identifiers Available 0, CONNACK); it is not sent (section 3.2.2.3.13)";
        }
        return tooLarge(s, "SUBSCRIBE to " + filters(s));
    }

    /** Returns why one filter cannot be subscribed to on this connection, or null. */
    private String refusal(String filter) {
        if (wildcardsAvailable && sharedAvailable) {
            return null;
        }
        TopicFilter parsed = TopicFilter.parse(filter);
        if (parsed.shareGroup() != null && !sharedAvailable) {
            return "SUBSCRIBE to '" + filter + "': the broker has no shared subscriptions"
                    + " (Shared Subscription Available 0, CONNACK); it is not sent (section 3.2.2.3.14)";
        }
        String match = parsed.matchFilter();
        if ((match.contains("+") || match.contains("#")) && !wildcardsAvailable) {
            return "SUBSCRIBE to '" + filter + "': the broker takes no wildcard filters"
                    + " (Wildcard Subscription Available 0, CONNACK); it is not sent (section 3.2.2.3.12)";
        }
        return null;
    }

    private static String filters(Subscribe s) {
        return s.subscriptions().stream().map(Subscribe.Subscription::filter).toList().toString();
    }

    /**
     * Returns why a packet the client sends is larger than the broker's Maximum Packet Size, or
     * null when it fits or the broker set none [MQTT-3.2.2-15].
     *
     * @param what the packet, as the message names it
     */
    String tooLarge(Packet p, String what) {
        if (maximumPacketSize <= 0) {
            return null;
        }
        long size = Encoder.encodedLength(p, version);
        if (size <= maximumPacketSize) {
            return null;
        }
        return what + " takes " + size + " bytes, more than the broker's Maximum Packet Size of "
                + maximumPacketSize + " (CONNACK); it is not sent [MQTT-3.2.2-15]";
    }
}
