package dev.kite.mqtt.internal.packet;

import static dev.kite.mqtt.internal.packet.Property.*;

import dev.kite.mqtt.ConnackProperties;
import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.UserProperty;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Converts between the wire form of MQTT 5.0 properties ({@link Properties}) and the API's
 * values: {@link MessageProperties} for PUBLISH and will properties, {@link ConnackProperties}
 * for CONNACK, {@link Subscription} for SUBSCRIBE. Empty converts to empty without allocating.
 */
public final class PropertyViews {
    private PropertyViews() {
    }

    /**
     * Returns the properties of a message (or will) as they go on the wire: in identifier order,
     * user properties last.
     */
    public static Properties of(MessageProperties m) {
        if (m.isEmpty()) {
            return Properties.EMPTY;
        }
        Properties.Builder b = Properties.builder();
        m.payloadFormatIndicator().ifPresent(f -> b.number(PAYLOAD_FORMAT_INDICATOR, f));
        m.messageExpiry().ifPresent(d -> b.number(MESSAGE_EXPIRY_INTERVAL, d.getSeconds()));
        m.contentType().ifPresent(s -> b.string(CONTENT_TYPE, s));
        m.responseTopic().ifPresent(s -> b.string(RESPONSE_TOPIC, s));
        m.correlationData().ifPresent(d -> b.binary(CORRELATION_DATA, d));
        for (int id : m.subscriptionIdentifiers()) {
            b.number(SUBSCRIPTION_IDENTIFIER, id);
        }
        m.willDelay().ifPresent(d -> b.number(WILL_DELAY_INTERVAL, d.getSeconds()));
        return b.userProperties(m.userProperties()).build();
    }

    /**
     * Returns the message properties among the properties of a PUBLISH or a will; others, such
     * as the topic alias, are left out.
     */
    public static MessageProperties message(Properties p) {
        if (p.isEmpty()) {
            return MessageProperties.NONE;
        }
        MessageProperties.Builder b = MessageProperties.builder();
        for (int i = 0; i < p.size(); i++) {
            Object v = p.value(i);
            switch (p.id(i)) {
                case PAYLOAD_FORMAT_INDICATOR -> b.payloadFormatIndicator(((Long) v).intValue());
                case MESSAGE_EXPIRY_INTERVAL -> b.messageExpiry(Duration.ofSeconds((Long) v));
                case CONTENT_TYPE -> b.contentType((String) v);
                case RESPONSE_TOPIC -> b.responseTopic((String) v);
                case CORRELATION_DATA -> b.correlationData((byte[]) v);
                case SUBSCRIPTION_IDENTIFIER -> b.subscriptionIdentifier(((Long) v).intValue());
                case WILL_DELAY_INTERVAL -> b.willDelay(Duration.ofSeconds((Long) v));
                case USER_PROPERTY -> b.userProperty(((UserProperty) v).name(), ((UserProperty) v).value());
                default -> {
                    // not a message property
                }
            }
        }
        return b.build();
    }

    /** Returns what a CONNACK's properties say, with the specification's defaults for those left out. */
    public static ConnackProperties connack(Properties p) {
        if (p.isEmpty()) {
            return ConnackProperties.DEFAULTS;
        }
        ConnackProperties.Builder b = ConnackProperties.builder();
        for (int i = 0; i < p.size(); i++) {
            Object v = p.value(i);
            long n = v instanceof Long l ? l : 0;
            switch (p.id(i)) {
                case ASSIGNED_CLIENT_IDENTIFIER -> b.assignedClientId((String) v);
                case RECEIVE_MAXIMUM -> b.receiveMaximum((int) n);
                case MAXIMUM_PACKET_SIZE -> b.maximumPacketSize(n);
                case TOPIC_ALIAS_MAXIMUM -> b.topicAliasMaximum((int) n);
                case SERVER_KEEP_ALIVE -> b.serverKeepAlive((int) n);
                case MAXIMUM_QOS -> b.maximumQos((int) n);
                case RETAIN_AVAILABLE -> b.retainAvailable(n == 1);
                case WILDCARD_SUBSCRIPTION_AVAILABLE -> b.wildcardSubscriptionAvailable(n == 1);
                case SUBSCRIPTION_IDENTIFIER_AVAILABLE -> b.subscriptionIdentifiersAvailable(n == 1);
                case SHARED_SUBSCRIPTION_AVAILABLE -> b.sharedSubscriptionAvailable(n == 1);
                case SESSION_EXPIRY_INTERVAL -> b.sessionExpiryInterval(Duration.ofSeconds(n));
                case RESPONSE_INFORMATION -> b.responseInformation((String) v);
                case SERVER_REFERENCE -> b.serverReference((String) v);
                case REASON_STRING -> b.reasonString((String) v);
                case AUTHENTICATION_METHOD -> b.authenticationMethod((String) v);
                case AUTHENTICATION_DATA -> b.authenticationData((byte[]) v);
                case USER_PROPERTY -> b.userProperty(((UserProperty) v).name(), ((UserProperty) v).value());
                default -> {
                    // not a CONNACK property; the codec refused it already
                }
            }
        }
        return b.build();
    }

    /**
     * Returns CONNACK properties as a broker sends them: only the values that differ from the
     * defaults, in identifier order, user properties last.
     */
    public static Properties of(ConnackProperties c) {
        if (c.equals(ConnackProperties.DEFAULTS)) {
            return Properties.EMPTY;
        }
        Properties.Builder b = Properties.builder();
        c.sessionExpiryInterval().ifPresent(d -> b.number(SESSION_EXPIRY_INTERVAL, d.getSeconds()));
        c.assignedClientId().ifPresent(s -> b.string(ASSIGNED_CLIENT_IDENTIFIER, s));
        c.serverKeepAlive().ifPresent(n -> b.number(SERVER_KEEP_ALIVE, n));
        c.authenticationMethod().ifPresent(s -> b.string(AUTHENTICATION_METHOD, s));
        c.authenticationData().ifPresent(d -> b.binary(AUTHENTICATION_DATA, d));
        c.responseInformation().ifPresent(s -> b.string(RESPONSE_INFORMATION, s));
        c.serverReference().ifPresent(s -> b.string(SERVER_REFERENCE, s));
        c.reasonString().ifPresent(s -> b.string(REASON_STRING, s));
        if (c.receiveMaximum() != 65_535) {
            b.number(RECEIVE_MAXIMUM, c.receiveMaximum());
        }
        if (c.topicAliasMaximum() != 0) {
            b.number(TOPIC_ALIAS_MAXIMUM, c.topicAliasMaximum());
        }
        if (c.maximumQos() != 2) {
            b.number(MAXIMUM_QOS, c.maximumQos());
        }
        flag(b, RETAIN_AVAILABLE, c.retainAvailable());
        c.maximumPacketSize().ifPresent(n -> b.number(MAXIMUM_PACKET_SIZE, n));
        flag(b, WILDCARD_SUBSCRIPTION_AVAILABLE, c.wildcardSubscriptionAvailable());
        flag(b, SUBSCRIPTION_IDENTIFIER_AVAILABLE, c.subscriptionIdentifiersAvailable());
        flag(b, SHARED_SUBSCRIPTION_AVAILABLE, c.sharedSubscriptionAvailable());
        return b.userProperties(c.userProperties()).build();
    }

    /**
     * Returns a subscription as a SUBSCRIBE carries it. Its identifier is not part of it: it is a
     * property of the whole SUBSCRIBE (section 3.8.2.1.2), so subscriptions with different
     * identifiers go in different packets.
     */
    public static Subscribe.Subscription subscription(Subscription s) {
        return new Subscribe.Subscription(s.filter(), s.qos(), s.noLocal(), s.retainAsPublished(), s.retainHandling());
    }

    /** Returns the properties of a SUBSCRIBE for subscriptions that share an identifier, or have none. */
    public static Properties subscribeProperties(OptionalInt subscriptionIdentifier, List<UserProperty> userProperties) {
        if (subscriptionIdentifier.isEmpty() && userProperties.isEmpty()) {
            return Properties.EMPTY;
        }
        Properties.Builder b = Properties.builder();
        subscriptionIdentifier.ifPresent(id -> b.number(SUBSCRIPTION_IDENTIFIER, id));
        return b.userProperties(userProperties).build();
    }

    /** Adds a feature flag only when it says "not available", since absent means available. */
    private static void flag(Properties.Builder b, int id, boolean available) {
        if (!available) {
            b.number(id, 0);
        }
    }
}
