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
        ascii(out, "{\"tst\":\"" + tst + "\",\"topic\":" + jsonString(m.topic()) + ",\"qos\":" + m.qos()
                + ",\"retain\":" + (m.retained() ? 1 : 0) + ",\"payloadlen\":" + m.payload().length + ",");
        if (m.qos() > 0) {
            ascii(out, "\"mid\":" + m.messageId() + ",");
        }
        properties(out, m.properties());
        ascii(out, "\"payload\":");
        payload(out, m.payload());
        out.write('}');
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
        p.payloadFormatIndicator().ifPresent(f -> fields.add("\"payload-format-indicator\":" + f));
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

    /**
     * The payload as mosquitto_sub gives it to cJSON: {@code null} when empty, else a string of
     * the bytes before the first NUL (it is read as a C string), escaped as {@link #jsonString}
     * escapes and otherwise written as they are, invalid UTF-8 included.
     */
    private static void payload(ByteArrayOutputStream out, byte[] payload) {
        if (payload.length == 0) {
            ascii(out, "null");
            return;
        }
        out.write('"');
        for (byte b : payload) {
            if (b == 0) {
                break;
            }
            String escaped = b >= 0 && b < 0x20 || b == '"' || b == '\\' ? escape((char) b) : null;
            if (escaped != null) {
                ascii(out, escaped);
            } else {
                out.write(b);
            }
        }
        out.write('"');
    }

    /** A JSON string as cJSON prints it: quotes, backslashes and control characters escaped. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = c < 0x20 || c == '"' || c == '\\' ? escape(c) : null;
            b.append(escaped != null ? escaped : String.valueOf(c));
        }
        return b.append('"').toString();
    }

    /** cJSON's escape of a quote, a backslash or a control character (measured against mosquitto_sub 2.0.11). */
    private static String escape(char c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
        };
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
