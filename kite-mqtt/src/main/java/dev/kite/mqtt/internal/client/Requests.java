package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.ProtocolVersion;
import dev.kite.mqtt.Qos;
import dev.kite.mqtt.Subscription;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.codec.Encoder;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.PropertyViews;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Turns the arguments of the API into packets, or throws {@link IllegalArgumentException} saying why. */
final class Requests {
    private Requests() {
    }

    /** A PUBLISH with its own copy of the payload, so the caller may reuse the array. */
    static Publish publish(String topic, int qos, boolean retained, byte[] payload) {
        Topic.validate(topic);
        Qos.check(qos);
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        // section 2.2.3: topic length prefix, topic, packet id and payload fit the remaining length;
        // a char takes at most 3 bytes of UTF-8, so the topic is encoded only for huge payloads
        long length = 2L + 3L * topic.length() + (qos > 0 ? 2 : 0) + payload.length;
        if (length > FrameDecoder.MAX_REMAINING_LENGTH) {
            length = 2L + topic.getBytes(StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0) + payload.length;
        }
        if (length > FrameDecoder.MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes: the PUBLISH would have a"
                    + " remaining length of " + length + ", more than MQTT's maximum of " + FrameDecoder.MAX_REMAINING_LENGTH
                    + " (section 2.2.3)");
        }
        return new Publish(topic, payload.clone(), qos, retained, false, 0);
    }

    /**
     * A PUBLISH with MQTT 5.0 properties, checked as {@code MqttClient.publish} says.
     *
     * @param v5 whether the client speaks MQTT 5.0
     */
    static Publish publish(String topic, int qos, boolean retained, byte[] payload, MessageProperties properties,
                           boolean v5) {
        Publish p = publish(topic, qos, retained, payload);
        if (properties == null) {
            throw new IllegalArgumentException("properties must not be null: use MessageProperties.NONE for none");
        }
        if (properties.isEmpty()) {
            return p;
        }
        if (!v5) {
            throw new IllegalArgumentException("message properties " + properties + ": properties exist only in MQTT 5.0,"
                    + " and this client speaks MQTT 3.1.1 (setProtocolVersion(5)); they are refused, not dropped");
        }
        if (!properties.subscriptionIdentifiers().isEmpty()) {
            throw new IllegalArgumentException("message properties: subscription identifiers "
                    + properties.subscriptionIdentifiers() + " are set by the broker; a PUBLISH from a client must not"
                    + " carry one [MQTT-3.3.4-6]");
        }
        if (properties.willDelay().isPresent()) {
            throw new IllegalArgumentException("message properties: a will delay belongs to will properties"
                    + " (setWillProperties), not to a PUBLISH (section 3.3.2.3)");
        }
        if (properties.payloadFormatUtf8() && !isUtf8(p.payload())) {
            throw new IllegalArgumentException("payload of " + p.payload().length + " bytes is not well-formed UTF-8,"
                    + " but the payload format indicator says it is [MQTT-3.3.2-4]");
        }
        Publish withProperties = new Publish(p.topic(), p.payload(), qos, retained, false, 0, PropertyViews.of(properties));
        // measures the whole packet with its properties: over MQTT's maximum size it throws here
        Encoder.encodedLength(qos == 0 ? withProperties : withProperties.withIdAndDup(1, false), ProtocolVersion.MQTT_5);
        return withProperties;
    }

    private static boolean isUtf8(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The subscriptions of an MQTT 5.0 SUBSCRIBE, in the list's order, and the identifier they share. */
    record SubscribeRequest(List<Subscribe.Subscription> entries, int identifier) {
    }

    /**
     * The subscriptions of a SUBSCRIBE from the public values, checked as
     * {@code MqttClient.subscribe(List, MessageHandler)} says.
     *
     * @param v5 whether the client speaks MQTT 5.0
     */
    static SubscribeRequest subscriptions(List<Subscription> subscriptions, boolean v5) {
        if (subscriptions == null || subscriptions.isEmpty()) {
            throw new IllegalArgumentException("subscriptions must name at least one topic filter [MQTT-3.8.3-3]");
        }
        List<Subscribe.Subscription> entries = new ArrayList<>();
        OptionalInt identifier = null;
        for (Subscription s : subscriptions) {
            if (s == null) {
                throw new IllegalArgumentException("subscriptions " + subscriptions + ": an element is null");
            }
            if (identifier != null && !identifier.equals(s.subscriptionIdentifier())) {
                throw new IllegalArgumentException("subscriptions " + subscriptions + ": the subscription identifier is a"
                        + " property of the whole SUBSCRIBE (section 3.8.2.1.2), so all must have the same one, or none;"
                        + " subscribe the others in another call");
            }
            identifier = s.subscriptionIdentifier();
            if (!v5 && (s.noLocal() || s.retainAsPublished() || s.retainHandling() != 0
                    || s.subscriptionIdentifier().isPresent())) {
                throw new IllegalArgumentException(s + ": subscription options and identifiers exist only in MQTT 5.0,"
                        + " and this client speaks MQTT 3.1.1 (setProtocolVersion(5)); they are refused, not dropped");
            }
            entries.add(PropertyViews.subscription(s));
        }
        return new SubscribeRequest(entries, identifier.orElse(0));
    }

    /** The subscriptions of a SUBSCRIBE, in the map's order. */
    static List<Subscribe.Subscription> subscriptions(Map<String, Integer> filters) {
        if (filters == null || filters.isEmpty()) {
            throw new IllegalArgumentException("filters must name at least one topic filter [MQTT-3.8.3-3]");
        }
        List<Subscribe.Subscription> subs = new ArrayList<>();
        for (Map.Entry<String, Integer> e : filters.entrySet()) {
            TopicFilter.validate(e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException("qos of topic filter '" + e.getKey() + "' must not be null");
            }
            subs.add(new Subscribe.Subscription(e.getKey(), Qos.check(e.getValue())));
        }
        return subs;
    }

    /** The filters of an UNSUBSCRIBE. */
    static List<String> filters(String... filters) {
        if (filters == null || filters.length == 0) {
            throw new IllegalArgumentException("filters must name at least one topic filter [MQTT-3.10.3-2]");
        }
        for (String f : filters) {
            TopicFilter.validate(f);
        }
        return List.of(filters);
    }
}
