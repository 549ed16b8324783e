package dev.kite.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** Parses broker addresses as {@link ClientOptions#addBroker(String)} documents. */
final class BrokerUri {
    /** Every scheme Kite opens, as paho.mqtt.golang does. */
    static final List<String> SCHEMES = List.of("tcp", "mqtt", "ssl", "tls", "mqtts", "mqtt+ssl", "tcps",
            "ws", "wss", "unix");

    private BrokerUri() {
    }

    static URI parse(String broker) {
        if (broker == null || broker.isBlank()) {
            throw new IllegalArgumentException("broker must not be null or blank");
        }
        String s = broker.trim();
        if (s.startsWith(":")) {
            s = "tcp://127.0.0.1" + s;
        } else if (!s.contains("://")) {
            s = "tcp://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker '" + broker + "' does not parse: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("broker '" + broker + "': unknown scheme '" + scheme
                    + "', supported: " + String.join(", ", SCHEMES));
        }
        if (scheme.equals("unix")) {
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException("broker '" + broker + "': a unix socket needs a path, as unix:///path");
            }
            return uri;
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("broker '" + broker + "': no host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            // java.net.URI takes any number of digits; a socket takes 1 to 65535
            throw new IllegalArgumentException("broker '" + broker + "': port " + uri.getPort() + " must be 1 to 65535");
        }
        if (uri.getPort() < 0) {
            try {
                uri = new URI(scheme, uri.getUserInfo(), uri.getHost(), defaultPort(scheme), uri.getPath(),
                        uri.getQuery(), uri.getFragment());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("broker '" + broker + "' does not parse: " + e.getMessage(), e);
            }
        }
        return uri;
    }

    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "ws" -> 80;
            case "wss" -> 443;
            case "ssl", "tls", "mqtts", "mqtt+ssl", "tcps" -> 8883;
            default -> 1883;
        };
    }

    /** Returns the URI without user info, safe to log. */
    static String display(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + (uri.getPath() == null ? "" : uri.getPath());
    }
}
