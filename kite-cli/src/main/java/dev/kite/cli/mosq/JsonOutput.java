package dev.kite.cli.mosq;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** mosquitto_sub's JSON output ({@code -F %j} and {@code %J}), with the MQTT 5.0 "properties" object. */
final class JsonOutput {
    private JsonOutput() {
    }

    /** Prints {@code m} as mosquitto_sub's {@code -F %j} does (json_print), stamped {@code now} in {@code zone}. */
    static void json(ByteArrayOutputStream out, Message m, Instant now, ZoneId zone) {
        ZonedDateTime t = ZonedDateTime.ofInstant(now, zone);
        String tst = t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT))
                + "." + String.format("%06d", now.getNano() / 1000) + "Z"
                + t.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT));
        StringBuilder head = new StringBuilder();
        head.append("{\"tst\":\"").append(tst).append("\",\"topic\":\"");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(m.topic().getBytes(StandardCharsets.UTF_8));
        ascii(out, "\",\"qos\":" + m.qos() + ",\"retain\":" + (m.retained() ? 1 : 0)
                + ",\"payloadlen\":" + m.payload().length + ",");
        if (m.qos() > 0) {
            ascii(out, "\"mid\":" + m.messageId() + ",");
        }
        properties(out, m.properties());
        ascii(out, "\"payload\":\"");
        for (byte b : m.payload()) {
            if (b == '"' || b == '\\' || (b >= 0 && b < 32)) {
                ascii(out, String.format("\\u%04x", (int) b));
            } else {
                out.write(b);
            }
        }
        ascii(out, "\"}");
    }

    /**
     * The "properties" object of mosquitto_sub's JSON (json_print_properties), present when the
     * message has any. mosquitto prints them in the order they came; kite-mqtt does not keep it,
     * so they come in the order Mosquitto forwards kite pub's: subscription identifiers, payload
     * format, content type, response topic, correlation data, user properties, and the message
     * expiry last (the broker always appends it).
     */
    private static void properties(ByteArrayOutputStream out, MessageProperties p) {
        if (p.isEmpty()) {
            return;
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (int id : p.subscriptionIdentifiers()) {
            fields.add("\"subscription-identifier\":" + id);
        }
        if (p.payloadFormatUtf8()) {
            fields.add("\"payload-format-indicator\":1");
        }
        p.contentType().ifPresent(v -> fields.add("\"content-type\":" + jsonString(v)));
        p.responseTopic().ifPresent(v -> fields.add("\"response-topic\":" + jsonString(v)));
        p.correlationData().ifPresent(v -> fields.add("\"correlation-data\":"
                + jsonString(new String(v, StandardCharsets.UTF_8))));
        if (!p.userProperties().isEmpty()) {
            StringBuilder users = new StringBuilder("\"user-properties\":{");
            for (int i = 0; i < p.userProperties().size(); i++) {
                var u = p.userProperties().get(i);
                users.append(i == 0 ? "" : ",").append(jsonString(u.name())).append(':').append(jsonString(u.value()));
            }
            fields.add(users.append('}').toString());
        }
        p.messageExpiry().ifPresent(d -> fields.add("\"message-expiry-interval\":" + d.getSeconds()));
        ascii(out, "\"properties\":{" + String.join(",", fields) + "},");
    }

    /** A JSON string as cJSON prints it: quotes, backslashes and control characters escaped. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 32) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
