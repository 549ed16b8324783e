package dev.kite.cli.mosq;

import static dev.kite.cli.mosq.ArgParser.atoi;

import dev.kite.cli.mosq.ArgParser.Result;
import java.util.Locale;

/**
 * The value of {@code -L}: {@code mqtt[s]://[username[:password]@]host[:port]/topic} as mosquitto
 * takes it, or kite's {@code ws[s]://[username[:password]@]host[:port][/path]}, whose topic comes
 * from {@code -t}.
 */
final class BrokerUrl {
    private BrokerUrl() {
    }

    static Result parse(Line line, String value) {
        ToolConfig cfg = line.cfg;
        String url = value;
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mqtt://")) {
            url = url.substring(7);
            cfg.port = 1883;
        } else if (lower.startsWith("mqtts://")) {
            // as mosquitto: TLS on port 8883, trusting the system's CAs unless --cafile says otherwise
            url = url.substring(8);
            cfg.port = 8883;
            cfg.tlsUseOsCerts = true;
        } else if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
            // a kite extension (mosquitto_pub 2.0 has no WebSocket client): the URL's path is
            // the WebSocket path and -t gives the topic
            cfg.websocket = lower.startsWith("ws://") ? "ws" : "wss";
            websocket(cfg, url.substring(cfg.websocket.length() + 3));
            return Result.OK;
        } else {
            return line.fail("Error: unsupported URL scheme.\n\n");
        }
        int slash = url.indexOf('/');
        if (slash < 0) {
            return line.fail("Error: Invalid URL for -L argument specified - topic missing.\n");
        }
        if (line.addTopic(url.substring(slash + 1)) != Result.OK) {
            return Result.ERROR;
        }
        mqtt(cfg, url.substring(0, slash));
        return Result.OK;
    }

    // [username[:password]@]host[:port], split at the first '@' and the first ':' as mosquitto does
    private static void mqtt(ToolConfig cfg, String authority) {
        String url = authority;
        int at = url.indexOf('@');
        if (at >= 0) {
            String auth = url.substring(0, at);
            int colon = auth.indexOf(':');
            if (colon >= 0) {
                cfg.password = auth.substring(colon + 1);
                auth = auth.substring(0, colon);
            }
            cfg.username = auth;
            url = url.substring(at + 1);
        }
        int colon = url.indexOf(':');
        if (colon >= 0) {
            cfg.port = atoi(url.substring(colon + 1));
            url = url.substring(0, colon);
        }
        cfg.host = url;
    }

    // [username[:password]@]host[:port][/path], with an IPv6 host in brackets
    private static void websocket(ToolConfig cfg, String rest) {
        String authority = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            authority = rest.substring(0, slash);
            cfg.websocketPath = rest.substring(slash);
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String auth = authority.substring(0, at);
            int colon = auth.indexOf(':');
            cfg.username = colon >= 0 ? auth.substring(0, colon) : auth;
            if (colon >= 0) {
                cfg.password = auth.substring(colon + 1);
            }
            authority = authority.substring(at + 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            cfg.port = atoi(authority.substring(colon + 1));
            authority = authority.substring(0, colon);
        }
        cfg.host = authority.startsWith("[") ? authority.substring(1, authority.length() - 1) : authority;
    }
}
