package dev.kite.opentelemetry;

import dev.kite.mqtt.MessageProperties;
import dev.kite.mqtt.UserProperty;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * The trace context in a message's MQTT 5.0 user properties, as the W3C "Trace Context: MQTT"
 * format puts it: a user property per header, named as the header ({@code traceparent},
 * {@code tracestate}).
 */
final class TraceProperties {
    /** Reads a header from the user properties: the first of that name. */
    static final TextMapGetter<MessageProperties> GETTER = (carrier, key) -> {
        if (carrier == null) {
            return null;
        }
        for (UserProperty p : carrier.userProperties()) {
            if (p.name().equals(key)) {
                return p.value();
            }
        }
        return null;
    };

    private TraceProperties() {
    }

    /**
     * Returns {@code properties} with the headers of {@code context} as user properties after the
     * others, replacing user properties of the same names.
     */
    static MessageProperties withContext(MessageProperties properties, Map<String, String> context) {
        MessageProperties.Builder b = MessageProperties.builder()
                .payloadFormatUtf8(properties.payloadFormatUtf8());
        properties.messageExpiry().ifPresent(b::messageExpiry);
        properties.contentType().ifPresent(b::contentType);
        properties.responseTopic().ifPresent(b::responseTopic);
        properties.correlationData().ifPresent(b::correlationData);
        for (UserProperty p : properties.userProperties()) {
            if (!context.containsKey(p.name())) {
                b.userProperty(p.name(), p.value());
            }
        }
        context.forEach(b::userProperty);
        return b.build();
    }
}
