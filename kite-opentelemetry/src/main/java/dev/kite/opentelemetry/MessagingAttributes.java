package dev.kite.opentelemetry;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MqttClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The attributes of Kite's spans, from OpenTelemetry's messaging semantic conventions: the
 * system ({@code mqtt}, which the conventions do not list, so named as they ask for an unlisted
 * system), the topic as the destination, the operation, the packet id as the message id (QoS 1
 * and 2 only), the payload size and the client id; and, as the conventions' system-specific
 * {@code messaging.<system>.*} attributes, the QoS and the retain flag.
 *
 * @since 0.2
 */
public final class MessagingAttributes {
    /** {@code messaging.system}: always {@code mqtt}. */
    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    /** {@code messaging.destination.name}: the topic. */
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    /** {@code messaging.operation.type}: {@code send} for a publish, {@code process} for a delivery. */
    public static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    /** {@code messaging.operation.name}: {@code publish} or {@code process}. */
    public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    /** {@code messaging.message.id}: the packet id, at QoS 1 and 2. */
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    /** {@code messaging.message.body.size}: the payload's size in bytes. */
    public static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
    /** {@code messaging.client.id}: the MQTT client identifier, when the client has one. */
    public static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("messaging.client.id");
    /** {@code messaging.mqtt.qos}: 0, 1 or 2. */
    public static final AttributeKey<Long> QOS = AttributeKey.longKey("messaging.mqtt.qos");
    /** {@code messaging.mqtt.retained}: the retain flag. */
    public static final AttributeKey<Boolean> RETAINED = AttributeKey.booleanKey("messaging.mqtt.retained");

    private MessagingAttributes() {
    }

    /** The attributes of a publish; its message id is added when the broker's flow assigns it. */
    static Attributes publish(MqttClient client, String topic, int qos, boolean retained, byte[] payload) {
        return common(client, topic, "send", "publish", qos, retained, payload == null ? 0 : payload.length).build();
    }

    /** The attributes of the processing of a received message. */
    static Attributes process(MqttClient client, Message message) {
        AttributesBuilder b = common(client, message.topic(), "process", "process", message.qos(), message.retained(),
                message.payload().length);
        if (message.messageId() != 0) {
            b.put(MESSAGE_ID, Integer.toString(message.messageId()));
        }
        return b.build();
    }

    private static AttributesBuilder common(MqttClient client, String topic, String type, String name, int qos,
                                            boolean retained, int size) {
        AttributesBuilder b = Attributes.builder()
                .put(SYSTEM, "mqtt")
                .put(DESTINATION, topic)
                .put(OPERATION_TYPE, type)
                .put(OPERATION_NAME, name)
                .put(BODY_SIZE, (long) size)
                .put(QOS, (long) qos)
                .put(RETAINED, retained);
        String clientId = client.optionsReader().clientId();
        if (clientId != null && !clientId.isEmpty()) {
            b.put(CLIENT_ID, clientId);
        }
        return b;
    }
}
