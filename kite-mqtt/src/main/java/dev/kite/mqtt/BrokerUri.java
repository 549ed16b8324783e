package dev.kite.mqtt;

import dev.kite.mqtt.internal.client.Broker;
import dev.kite.mqtt.internal.transport.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Parses broker addresses as {@link ClientOptions#addBroker(String)} documents. The user
 * information is taken apart from the address, and no message repeats it.
 */
final class BrokerUri {
    /** Every scheme Kite opens, as paho.mqtt.golang does. */
    static final List<String> SCHEMES = List.of("tcp", "mqtt", "ssl", "tls", "mqtts", "mqtt+ssl", "tcps",
            "ws", "wss", "unix");

    private BrokerUri() {
    }

    static Broker parse(String broker) {
        if (broker == null || broker.isBlank()) {
            throw new IllegalArgumentException("broker must not be null or blank");
        }
        String s = broker.trim();
        if (s.startsWith(":")) {
            s = "tcp://127.0.0.1" + s;
        } else if (!s.contains("://")) {
            s = "tcp://" + s;
        }
        // every message names the address without its user information, which may hold a password
        String shown = Secrets.redact(broker.trim());
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            // no cause: its message repeats the whole address
            throw new IllegalArgumentException("broker '" + shown + "' does not parse: " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("broker '" + shown + "': unknown scheme '" + scheme
                    + "', supported: " + String.join(", ", SCHEMES));
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String tail = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        if (scheme.equals("unix")) {
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException("broker '" + shown + "': a unix socket needs a path, as unix:///path");
            }
            return new Broker(URI.create("unix://" + tail), userInfo);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("broker '" + shown + "': no host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            // java.net.URI takes any number of digits; a socket takes 1 to 65535
            throw new IllegalArgumentException("broker '" + shown + "': port " + uri.getPort() + " must be 1 to 65535");
        }
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        return new Broker(URI.create(scheme + "://" + uri.getHost() + ":" + port + tail), userInfo);
    }

    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "ws" -> 80;
            case "wss" -> 443;
            case "ssl", "tls", "mqtts", "mqtt+ssl", "tcps" -> 8883;
            default -> 1883;
        };
    }
}
