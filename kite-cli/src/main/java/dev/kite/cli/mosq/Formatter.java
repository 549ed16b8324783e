package dev.kite.cli.mosq;

import dev.kite.mqtt.Message;
import dev.kite.mqtt.MessageProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Prints received messages as mosquitto_sub does (sub_client_output.c): plain payload, {@code -v}
 * "topic payload", or a {@code -F} format with {@code %} fields, {@code @} strftime dates and
 * {@code \} escapes. Works on bytes: payloads are written as received. MQTT 5.0 fields
 * ({@code %C %D %E %F %P %R %S}) print the message's properties as mosquitto_sub 2.0.11 does;
 * {@code %A} is always blank. The JSON output carries a "properties" object as mosquitto_sub
 * built with cJSON prints it (Debian's is).
 */
final class Formatter {
    private final ToolConfig cfg;
    private final ZoneId zone = ZoneId.systemDefault();

    Formatter(ToolConfig cfg) {
        this.cfg = cfg;
    }

    /** mosquitto's {@code check_format}: returns the error text, or null when the format is valid. */
    static String check(String format) {
        byte[] s = format.getBytes(StandardCharsets.UTF_8);
        int len = s.length;
        String incomplete = "Error: Incomplete format specifier.\n";
        for (int i = 0; i < len; i++) {
            if (s[i] == '%') {
                if (i == len - 1) {
                    return incomplete;
                }
                if (s[i + 1] == '0' || s[i + 1] == '-') {
                    i++;
                    if (i == len - 1) {
                        return incomplete;
                    }
                }
                while (s[i + 1] >= '0' && s[i + 1] <= '9') {
                    i++;
                    if (i == len - 1) {
                        return incomplete;
                    }
                }
                if (s[i + 1] == '.') {
                    i++;
                    if (i == len - 1) {
                        return incomplete;
                    }
                    while (s[i + 1] >= '0' && s[i + 1] <= '9') {
                        i++;
                        if (i == len - 1) {
                            return incomplete;
                        }
                    }
                }
                if ("%ACDEFIlmPpqRSrtjJUxX".indexOf(s[i + 1]) < 0) {
                    return "Error: Invalid format specifier '" + (char) (s[i + 1] & 0xFF) + "'.\n";
                }
                i++;
            } else if (s[i] == '@') {
                if (i == len - 1) {
                    return incomplete;
                }
                i++;
            } else if (s[i] == '\\') {
                if (i == len - 1) {
                    return "Error: Incomplete escape specifier.\n";
                }
                if ("\\0aenrtv".indexOf(s[i + 1]) < 0) {
                    return "Error: Invalid escape specifier '" + (char) (s[i + 1] & 0xFF) + "'.\n";
                }
                i++;
            }
        }
        return null;
    }

    /** Returns the bytes to print for a message, or an empty array when nothing is printed. */
    byte[] render(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = m.payload();
        if (cfg.format != null) {
            formatted(out, m);
        } else if (cfg.verbose) {
            if (payload.length > 0) {
                out.writeBytes((m.topic() + " ").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(payload);
                if (cfg.eol) {
                    out.write('\n');
                }
            } else if (cfg.eol) {
                out.writeBytes((m.topic() + " (null)\n").getBytes(StandardCharsets.UTF_8));
            }
        } else if (payload.length > 0) {
            out.writeBytes(payload);
            if (cfg.eol) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private void formatted(ByteArrayOutputStream out, Message m) {
        byte[] f = cfg.format.getBytes(StandardCharsets.UTF_8);
        int len = f.length;
        Instant now = null;
        for (int i = 0; i < len; i++) {
            if (f[i] == '%') {
                char align = 0;
                char pad = ' ';
                int width = 0;
                int precision = -1;
                if (i < len - 1) {
                    i++;
                    if (f[i] == '-') {
                        align = '-';
                        if (i < len - 1) {
                            i++;
                        }
                    }
                    if (f[i] == '0') {
                        pad = '0';
                        if (i < len - 1) {
                            i++;
                        }
                    }
                    while (i < len - 1 && f[i] >= '0' && f[i] <= '9') {
                        width = width * 10 + (f[i] - '0');
                        i++;
                    }
                    if (f[i] == '.' && i < len - 1) {
                        i++;
                        precision = 0;
                        while (i < len - 1 && f[i] >= '0' && f[i] <= '9') {
                            precision = precision * 10 + (f[i] - '0');
                            i++;
                        }
                    }
                    if (i < len) {
                        if (now == null && "IjJU".indexOf(f[i]) >= 0) {
                            now = Instant.now();
                        }
                        percent(out, m, (char) f[i], align, pad, width, precision, now);
                    }
                }
            } else if (f[i] == '@') {
                if (i < len - 1) {
                    i++;
                    if (f[i] == '@') {
                        out.write('@');
                    } else {
                        if (now == null) {
                            now = Instant.now();
                        }
                        if (f[i] == 'N') {
                            ascii(out, String.format("%09d", now.getNano()));
                        } else {
                            ascii(out, Strftime.format((char) f[i], ZonedDateTime.ofInstant(now, zone)));
                        }
                    }
                }
            } else if (f[i] == '\\') {
                if (i < len - 1) {
                    i++;
                    switch (f[i]) {
                        case '\\' -> out.write('\\');
                        case '0' -> out.write(0);
                        case 'a' -> out.write(7);
                        case 'e' -> out.write(27);
                        case 'n' -> out.write('\n');
                        case 'r' -> out.write('\r');
                        case 't' -> out.write('\t');
                        case 'v' -> out.write(11);
                        default -> { }
                    }
                }
            } else {
                out.write(f[i]);
            }
        }
        if (cfg.eol) {
            out.write('\n');
        }
    }

    private void percent(ByteArrayOutputStream out, Message m, char format, char align, char pad, int width,
                         int precision, Instant now) {
        switch (format) {
            case '%' -> out.write('%');
            // kite-mqtt resolves inbound topic aliases and does not keep them (nor does Mosquitto send any)
            case 'A' -> blank(out, pad, width);
            case 'C' -> {
                var ct = m.properties().contentType();
                if (ct.isPresent()) {
                    str(out, ct.get().getBytes(StandardCharsets.UTF_8), align, width, precision);
                } else {
                    blank(out, ' ', width);
                }
            }
            case 'D' -> m.properties().correlationData().ifPresent(d -> out.write(d, 0, d.length));
            case 'E' -> {
                var e = m.properties().messageExpiry();
                if (e.isPresent()) {
                    integer(out, (int) e.get().getSeconds(), align, pad, width);
                } else {
                    blank(out, pad, width);
                }
            }
            // kite-mqtt tells only whether the indicator is 1: an indicator of 0 prints blank
            case 'F' -> {
                if (m.properties().payloadFormatUtf8()) {
                    integer(out, 1, align, pad, width);
                } else {
                    blank(out, pad, width);
                }
            }
            case 'P' -> {
                var users = m.properties().userProperties();
                for (int i = 0; i < users.size(); i++) {
                    if (i > 0) {
                        out.write(' ');
                    }
                    byte[] b = (users.get(i).name() + ":" + users.get(i).value()).getBytes(StandardCharsets.UTF_8);
                    out.write(b, 0, b.length);
                }
            }
            case 'R' -> m.properties().responseTopic().ifPresent(
                    r -> str(out, r.getBytes(StandardCharsets.UTF_8), align, width, precision));
            case 'S' -> {
                var ids = m.properties().subscriptionIdentifiers();
                if (!ids.isEmpty()) {
                    integer(out, ids.get(0), align, pad, width);
                } else {
                    blank(out, pad, width);
                }
            }
            case 'I' -> str(out, ZonedDateTime.ofInstant(now, zone)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx", Locale.ROOT))
                    .getBytes(StandardCharsets.US_ASCII), align, width, precision);
            case 'j' -> json(out, m, now);
            case 'J' -> json(out, m, now);
            case 'l' -> integer(out, m.payload().length, align, pad, width);
            case 'm' -> integer(out, m.messageId(), align, pad, width);
            case 'p' -> payload(out, m.payload(), 0, align, pad, width);
            case 'q' -> out.write('0' + m.qos());
            case 'r' -> out.write(m.retained() ? '1' : '0');
            case 't' -> str(out, m.topic().getBytes(StandardCharsets.UTF_8), align, width, precision);
            case 'U' -> ascii(out, now.getEpochSecond() + "." + String.format("%09d", now.getNano()));
            case 'x' -> payload(out, m.payload(), 1, align, pad, width);
            case 'X' -> payload(out, m.payload(), 2, align, pad, width);
            default -> { }
        }
    }

    private static void blank(ByteArrayOutputStream out, char pad, int width) {
        for (int i = 0; i < width; i++) {
            out.write(pad);
        }
    }

    private static void integer(ByteArrayOutputStream out, int value, char align, char pad, int width) {
        String s;
        if (width == 0) {
            s = Integer.toString(value);
        } else if (align == '-') {
            s = String.format("%-" + width + "d", value);
        } else if (pad == '0') {
            s = String.format("%0" + width + "d", value);
        } else {
            s = String.format("%" + width + "d", value);
        }
        ascii(out, s);
    }

    // printf("%-*.*s"): precision cuts, width pads with spaces, both counted in bytes
    private static void str(ByteArrayOutputStream out, byte[] value, char align, int width, int precision) {
        int n = precision >= 0 ? Math.min(precision, value.length) : value.length;
        int padding = Math.max(0, width - n);
        if (align != '-') {
            blank(out, ' ', padding);
        }
        out.write(value, 0, n);
        if (align == '-') {
            blank(out, ' ', padding);
        }
    }

    // write_payload(): a width truncates the payload and, for hex, halves it (mosquitto's rule)
    private static void payload(ByteArrayOutputStream out, byte[] payload, int hex, char align, char pad, int width) {
        int n = payload.length;
        int padlen;
        if (width > 0) {
            if (n > width) {
                n = width;
            }
            if (hex > 0) {
                n /= 2;
                padlen = width - n * 2;
            } else {
                padlen = width - n;
            }
        } else {
            padlen = width - n;
        }
        if (align != '-') {
            blank(out, pad, padlen);
        }
        if (hex == 0) {
            out.write(payload, 0, n);
        } else {
            String digits = hex == 1 ? "%02x" : "%02X";
            for (int i = 0; i < n; i++) {
                ascii(out, String.format(digits, payload[i] & 0xFF));
            }
        }
        if (align == '-') {
            blank(out, ' ', padlen);
        }
    }

    // mosquitto's json_print without cJSON (as Debian builds mosquitto-clients)
    private void json(ByteArrayOutputStream out, Message m, Instant now) {
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

    /** The strftime conversions that {@code @X} in a format may name, in the C locale. */
    static final class Strftime {
        private Strftime() {
        }

        static String format(char c, ZonedDateTime t) {
            Locale l = Locale.ROOT;
            return switch (c) {
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'c' -> t.format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH));
                case 'C' -> String.format("%02d", t.getYear() / 100);
                case 'd' -> String.format("%02d", t.getDayOfMonth());
                case 'D' -> t.format(DateTimeFormatter.ofPattern("MM/dd/yy", l));
                case 'e' -> String.format("%2d", t.getDayOfMonth());
                case 'F' -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd", l));
                case 'H' -> String.format("%02d", t.getHour());
                case 'I' -> String.format("%02d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
                case 'j' -> String.format("%03d", t.getDayOfYear());
                case 'k' -> String.format("%2d", t.getHour());
                case 'l' -> String.format("%2d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
                case 'm' -> String.format("%02d", t.getMonthValue());
                case 'M' -> String.format("%02d", t.getMinute());
                case 'n' -> "\n";
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'P' -> t.getHour() < 12 ? "am" : "pm";
                case 'r' -> t.format(DateTimeFormatter.ofPattern("hh:mm:ss a", Locale.ENGLISH));
                case 'R' -> t.format(DateTimeFormatter.ofPattern("HH:mm", l));
                case 's' -> Long.toString(t.toEpochSecond());
                case 'S' -> String.format("%02d", t.getSecond());
                case 't' -> "\t";
                case 'T', 'X' -> t.format(DateTimeFormatter.ofPattern("HH:mm:ss", l));
                case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
                case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
                case 'x' -> t.format(DateTimeFormatter.ofPattern("MM/dd/yy", l));
                case 'y' -> String.format("%02d", t.getYear() % 100);
                case 'Y' -> Integer.toString(t.getYear());
                case 'z' -> t.format(DateTimeFormatter.ofPattern("xx", l));
                case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case '%' -> "%";
                default -> "%" + c;
            };
        }
    }
}
