package dev.kite.mqtt.internal.client;

import dev.kite.mqtt.Qos;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.TopicFilter;
import dev.kite.mqtt.internal.codec.FrameDecoder;
import dev.kite.mqtt.internal.packet.Publish;
import dev.kite.mqtt.internal.packet.Subscribe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
