package dev.kite.cli.mosq;

import dev.kite.mqtt.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
            case 'F' -> {
                var f = m.properties().payloadFormatIndicator();
                if (f.isPresent()) {
                    integer(out, f.getAsInt(), align, pad, width);
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
            case 'j' -> JsonOutput.json(out, m, now, zone);
            case 'J' -> JsonOutput.json(out, m, now, zone);
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

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
