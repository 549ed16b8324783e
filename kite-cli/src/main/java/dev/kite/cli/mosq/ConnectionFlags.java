package dev.kite.cli.mosq;

import static dev.kite.cli.mosq.ArgParser.atoi;

import dev.kite.cli.mosq.ArgParser.Result;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Flags of the connection: broker, client id, credentials, keepalive, protocol, will, sockets. */
final class ConnectionFlags {
    private ConnectionFlags() {
    }

    static void addTo(Map<String, Flag> table) {
        Flag.add(table, l -> l.set("Error: -h argument given but no host specified.\n\n", v -> l.cfg.host = v),
                "-h", "--host");
        Flag.add(table, ConnectionFlags::port, "-p", "--port");
        Flag.add(table, l -> l.take("Error: -L argument given but no URL specified.\n\n", v -> BrokerUrl.parse(l, v)),
                "-L", "--url");
        Flag.add(table, l -> l.set("Error: -u argument given but no username specified.\n\n",
                v -> l.cfg.username = v), "-u", "--username");
        Flag.add(table, l -> l.set("Error: -P argument given but no password specified.\n\n",
                v -> l.cfg.password = v), "-P", "--pw");
        Flag.add(table, ConnectionFlags::id, "-i", "--id");
        Flag.add(table, ConnectionFlags::idPrefix, "-I", "--id-prefix");
        Flag.add(table, ConnectionFlags::keepalive, "-k", "--keepalive");
        Flag.add(table, Flag.toggle(c -> c.cleanSession = false), "-c", "--disable-clean-session");
        Flag.add(table, ConnectionFlags::protocolVersion, "-V", "--protocol-version");
        Flag.add(table, ConnectionFlags::maxInflight, "-M");
        // kite-mqtt already writes with TCP_NODELAY semantics (batched, flushed writes)
        Flag.add(table, Flag.toggle(c -> { }), "--nodelay");
        Flag.add(table, l -> l.set("Error: --unix argument given but no socket path specified.\n\n", v -> {
            l.cfg.unixSocket = v;
            l.cfg.port = 0;
        }), "--unix");
        Flag.add(table, ConnectionFlags::proxy, "--proxy");
        addWillTo(table);
    }

    private static void addWillTo(Map<String, Flag> table) {
        Flag.add(table, l -> l.set("Error: --will-payload argument given but no will payload specified.\n\n",
                v -> l.cfg.willPayload = v.getBytes(StandardCharsets.UTF_8)), "--will-payload");
        Flag.add(table, ConnectionFlags::willQos, "--will-qos");
        Flag.add(table, Flag.toggle(c -> c.willRetain = true), "--will-retain");
        Flag.add(table, ConnectionFlags::willTopic, "--will-topic");
    }

    private static Result willQos(Line l) {
        return l.takeInt("Error: --will-qos argument given but no will QoS specified.\n\n", v -> l.cfg.willQos = v,
                v -> v < 0 || v > 2 ? "Error: Invalid will QoS " + v + ".\n\n" : null);
    }

    private static Result willTopic(Line l) {
        return l.take("Error: --will-topic argument given but no will topic specified.\n\n", v -> {
            if (!Topics.validTopic(v)) {
                return l.fail("Error: Invalid will topic '" + v + "', does it contain '+' or '#'?\n");
            }
            l.cfg.willTopic = v;
            return Result.OK;
        });
    }

    private static Result port(Line l) {
        return l.takeInt("Error: -p argument given but no port specified.\n\n", v -> l.cfg.port = v,
                v -> v < 0 || v > 65535 ? "Error: Invalid port given: " + v + "\n" : null);
    }

    private static Result id(Line l) {
        if (l.cfg.idPrefix != null) {
            return l.fail("Error: -i and -I argument cannot be used together.\n\n");
        }
        return l.set("Error: -i argument given but no id specified.\n\n", v -> l.cfg.id = v);
    }

    private static Result idPrefix(Line l) {
        if (l.cfg.id != null) {
            return l.fail("Error: -i and -I argument cannot be used together.\n\n");
        }
        return l.set("Error: -I argument given but no id prefix specified.\n\n", v -> l.cfg.idPrefix = v);
    }

    private static Result keepalive(Line l) {
        return l.takeInt("Error: -k argument given but no keepalive specified.\n\n", v -> l.cfg.keepalive = v,
                v -> v < 5 || v > 65535
                        ? "Error: Invalid keepalive given, it must be between 5 and 65535 inclusive.\n\n" : null);
    }

    private static Result protocolVersion(Line l) {
        return l.take("Error: --protocol-version argument given but no version specified.\n\n", v -> {
            switch (v) {
                case "mqttv31", "31" -> l.cfg.protocolVersion = 3;
                case "mqttv311", "311" -> l.cfg.protocolVersion = 4;
                case "mqttv5", "5" -> l.cfg.protocolVersion = 5;
                default -> {
                    return l.fail("Error: Invalid protocol version argument given.\n\n");
                }
            }
            return Result.OK;
        });
    }

    private static Result maxInflight(Line l) {
        return l.take("Error: -M argument given but max_inflight not specified.\n\n", v -> {
            int inflight = atoi(v);
            if (inflight < 1) {
                return l.fail("Error: Maximum inflight messages must be greater than 0.\n\n");
            }
            l.cfg.maxInflight = Math.min(inflight, 65535);
            return Result.OK;
        });
    }

    private static Result proxy(Line l) {
        return l.take("Error: --proxy argument given but no proxy url specified.\n\n", v -> {
            // mosquitto 2.0 knows only socks5h:// (the proxy resolves the name)
            if (!v.startsWith("socks5h://")) {
                return l.fail("Error: Unsupported proxy protocol: " + v + "\n");
            }
            l.cfg.proxy = v;
            return Result.OK;
        });
    }
}
