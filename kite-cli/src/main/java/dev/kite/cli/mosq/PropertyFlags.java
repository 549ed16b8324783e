package dev.kite.cli.mosq;

import dev.kite.cli.mosq.ArgParser.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The MQTT 5.0 flags: {@code -D command identifier value} (also {@code --property}) and
 * {@code -x session-expiry-interval}, read as mosquitto 2.0's client_props.c and client_shared.c
 * read them, with their messages. {@code -D} switches the tool to MQTT 5.0, as in mosquitto. The
 * whole-line checks (duplicates, values 0 or above 1 where the protocol forbids them) are in
 * {@link #checkAll}, run after the line is parsed, in mosquitto's order.
 */
final class PropertyFlags {
    /** The packets a property can be given for, as mosquitto names them. */
    enum Command { CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE,
        UNSUBACK, DISCONNECT, AUTH, WILL }

    enum Type { BYTE, INT16, INT32, VARINT, BINARY, STRING, PAIR }

    /** The property identifiers mosquitto knows by name, with their value types. */
    enum Id {
        PAYLOAD_FORMAT_INDICATOR(Type.BYTE), MESSAGE_EXPIRY_INTERVAL(Type.INT32), CONTENT_TYPE(Type.STRING),
        RESPONSE_TOPIC(Type.STRING), CORRELATION_DATA(Type.BINARY), SUBSCRIPTION_IDENTIFIER(Type.VARINT),
        SESSION_EXPIRY_INTERVAL(Type.INT32), ASSIGNED_CLIENT_IDENTIFIER(Type.STRING), SERVER_KEEP_ALIVE(Type.INT16),
        AUTHENTICATION_METHOD(Type.STRING), AUTHENTICATION_DATA(Type.BINARY),
        REQUEST_PROBLEM_INFORMATION(Type.BYTE), WILL_DELAY_INTERVAL(Type.INT32),
        REQUEST_RESPONSE_INFORMATION(Type.BYTE), RESPONSE_INFORMATION(Type.STRING), SERVER_REFERENCE(Type.STRING),
        REASON_STRING(Type.STRING), RECEIVE_MAXIMUM(Type.INT16), TOPIC_ALIAS_MAXIMUM(Type.INT16),
        TOPIC_ALIAS(Type.INT16), MAXIMUM_QOS(Type.BYTE), RETAIN_AVAILABLE(Type.BYTE), USER_PROPERTY(Type.PAIR),
        MAXIMUM_PACKET_SIZE(Type.INT32), WILDCARD_SUBSCRIPTION_AVAILABLE(Type.BYTE),
        SUBSCRIPTION_IDENTIFIER_AVAILABLE(Type.BYTE), SHARED_SUBSCRIPTION_AVAILABLE(Type.BYTE);

        final Type type;

        Id(Type type) {
            this.type = type;
        }

        String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Id of(String name) {
            for (Id id : values()) {
                if (id.text().equalsIgnoreCase(name)) {
                    return id;
                }
            }
            return null;
        }
    }

    /** One property from the command line: a number, a string (binary data as its bytes) or a pair. */
    record Prop(Id id, long number, String name, String value) {
    }

    private PropertyFlags() {
    }

    static void addTo(Map<String, Flag> table) {
        Flag.add(table, PropertyFlags::property, "-D", "--property");
        Flag.add(table, PropertyFlags::sessionExpiry, "-x");
    }

    private static Command command(String name) {
        for (Command c : Command.values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    private static Result property(Line l) {
        String notEnough = "Error: --property argument given but not enough arguments specified.\n\n";
        if (l.remaining() < 3) {
            return l.fail(notEnough);
        }
        String cmdName = l.peek(0);
        Command cmd = command(cmdName);
        if (cmd == null) {
            return l.fail("Error: Invalid command given in --property argument.\n\n");
        }
        String propName = l.peek(1);
        Id id = Id.of(propName);
        if (id == null) {
            return l.fail("Error: Invalid property name given in --property argument.\n\n");
        }
        if (!allowed(cmd, id)) {
            return l.fail("Error: " + propName + " property not allowed for " + cmdName + " in --property argument.\n\n");
        }
        String key = null;
        String value;
        if (id == Id.USER_PROPERTY) {
            if (l.remaining() < 4) {
                return l.fail(notEnough);
            }
            key = l.peek(2);
            value = l.peek(3);
            l.skip(4);
        } else {
            value = l.peek(2);
            l.skip(3);
        }
        String notSupported = "Error: " + propName + " property not supported for " + cmdName
                + " in --property argument.\n\n";
        List<Prop> list;
        switch (cmd) {
            case CONNECT -> list = l.cfg.connectProps;
            case PUBLISH -> {
                if (id == Id.SUBSCRIPTION_IDENTIFIER) {
                    return l.fail(notSupported);
                }
                list = l.cfg.publishProps;
            }
            case SUBSCRIBE -> {
                if (id != Id.SUBSCRIPTION_IDENTIFIER && id != Id.USER_PROPERTY) {
                    return l.fail(notSupported);
                }
                list = l.cfg.subscribeProps;
            }
            case UNSUBSCRIBE -> list = l.cfg.unsubscribeProps;
            case DISCONNECT -> list = l.cfg.disconnectProps;
            case WILL -> list = l.cfg.willProps;
            case AUTH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK -> {
                return l.fail(notSupported);
            }
            default -> {
                // connack: mosquitto fails here without a word
                return l.fail("");
            }
        }
        Prop prop;
        switch (id.type) {
            case BYTE, INT16, INT32, VARINT -> {
                long v = atol(value);
                long max = id.type == Type.BYTE ? 0xFF : id.type == Type.INT16 ? 0xFFFF : 0xFFFF_FFFFL;
                if (v < 0 || v > max) {
                    return l.fail("Error: Property value (" + v + ") out of range for property " + propName + ".\n\n");
                }
                prop = new Prop(id, v, null, null);
            }
            case BINARY -> {
                if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 0xFFFF) {
                    return l.fail("Error: Property value too long for property " + propName + ".\n\n");
                }
                prop = new Prop(id, 0, null, value);
            }
            case STRING -> prop = new Prop(id, 0, null, value);
            default -> prop = new Prop(id, 0, key, value);
        }
        list.add(prop);
        l.cfg.protocolVersion = 5;
        return Result.OK;
    }

    /** mosquitto_property_check_command: whether a property may be sent in a packet. */
    static boolean allowed(Command cmd, Id id) {
        return switch (id) {
            case PAYLOAD_FORMAT_INDICATOR, MESSAGE_EXPIRY_INTERVAL, CONTENT_TYPE, RESPONSE_TOPIC, CORRELATION_DATA ->
                    cmd == Command.PUBLISH || cmd == Command.WILL;
            case SUBSCRIPTION_IDENTIFIER -> cmd == Command.PUBLISH || cmd == Command.SUBSCRIBE;
            case SESSION_EXPIRY_INTERVAL -> cmd == Command.CONNECT || cmd == Command.CONNACK
                    || cmd == Command.DISCONNECT;
            case AUTHENTICATION_METHOD, AUTHENTICATION_DATA -> cmd == Command.CONNECT || cmd == Command.CONNACK
                    || cmd == Command.AUTH;
            case ASSIGNED_CLIENT_IDENTIFIER, SERVER_KEEP_ALIVE, RESPONSE_INFORMATION, MAXIMUM_QOS, RETAIN_AVAILABLE,
                    WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE, SHARED_SUBSCRIPTION_AVAILABLE ->
                    cmd == Command.CONNACK;
            case WILL_DELAY_INTERVAL -> cmd == Command.WILL;
            case REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION -> cmd == Command.CONNECT;
            case SERVER_REFERENCE -> cmd == Command.CONNACK || cmd == Command.DISCONNECT;
            case REASON_STRING -> cmd != Command.CONNECT && cmd != Command.PUBLISH && cmd != Command.SUBSCRIBE
                    && cmd != Command.UNSUBSCRIBE;
            case RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, MAXIMUM_PACKET_SIZE -> cmd == Command.CONNECT
                    || cmd == Command.CONNACK;
            case TOPIC_ALIAS -> cmd == Command.PUBLISH;
            case USER_PROPERTY -> true;
        };
    }

    private static final String PROTOCOL = "A network protocol error occurred when communicating with the broker.";

    /**
     * mosquitto_property_check_all over each packet's list, in client_config_load's order; returns
     * the error line, or null.
     */
    static String checkAll(ToolConfig cfg) {
        String[] names = {"CONNECT", "PUBLISH", "SUBSCRIBE", "UNSUBSCRIBE", "DISCONNECT", "Will"};
        Command[] cmds = {Command.CONNECT, Command.PUBLISH, Command.SUBSCRIBE, Command.UNSUBSCRIBE,
            Command.DISCONNECT, Command.WILL};
        List<List<Prop>> lists = List.of(cfg.connectProps, cfg.publishProps, cfg.subscribeProps,
                cfg.unsubscribeProps, cfg.disconnectProps, cfg.willProps);
        for (int i = 0; i < cmds.length; i++) {
            String problem = check(cmds[i], lists.get(i));
            if (problem != null) {
                return "Error in " + names[i] + " properties: " + problem + "\n";
            }
        }
        return null;
    }

    private static String check(Command cmd, List<Prop> props) {
        for (int i = 0; i < props.size(); i++) {
            Prop p = props.get(i);
            switch (p.id) {
                case REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS, RETAIN_AVAILABLE,
                        WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                        SHARED_SUBSCRIPTION_AVAILABLE -> {
                    if (p.number > 1) {
                        return PROTOCOL;
                    }
                }
                case MAXIMUM_PACKET_SIZE, RECEIVE_MAXIMUM, TOPIC_ALIAS -> {
                    if (p.number == 0) {
                        return PROTOCOL;
                    }
                }
                default -> { }
            }
            if (!allowed(cmd, p.id)) {
                return PROTOCOL;
            }
            for (int j = i + 1; j < props.size(); j++) {
                if (props.get(j).id == p.id && p.id != Id.USER_PROPERTY) {
                    return "Duplicate property in property list";
                }
            }
        }
        return null;
    }

    /** The first property {@code id} in {@code props}, or null. */
    static Prop find(List<Prop> props, Id id) {
        for (Prop p : props) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** Every property of {@code props} but user properties, which kite-mqtt takes as a list. */
    static List<Prop> others(List<Prop> props) {
        List<Prop> out = new ArrayList<>();
        for (Prop p : props) {
            if (p.id != Id.USER_PROPERTY) {
                out.add(p);
            }
        }
        return out;
    }

    private static Result sessionExpiry(Line l) {
        return l.take("Error: -x argument given but no session expiry interval specified.\n\n", v -> {
            if (v.equals("\u221e")) {
                l.cfg.sessionExpiry = 0xFFFF_FFFFL;
                return Result.OK;
            }
            Long n = strtol0(v);
            if (n == null) {
                return l.fail("Error: session-expiry-interval not a number.\n\n");
            }
            if (n > 0xFFFF_FFFFL || n < -1) {
                return l.fail("Error: session-expiry-interval out of range.\n\n");
            }
            l.cfg.sessionExpiry = n == -1 ? 0xFFFF_FFFFL : n;
            return Result.OK;
        });
    }

    /** C's {@code strtol(s, &end, 0)} that must take the whole word: null if it does not. */
    static Long strtol0(String s) {
        int n = s.length();
        int i = numberStart(s);
        boolean negative = i > 0 && s.charAt(i - 1) == '-';
        int radix = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            radix = 8;
        }
        int start = i;
        long value = 0;
        while (i < n && Character.digit(s.charAt(i), radix) >= 0 && s.charAt(i) < 128) {
            value = value * radix + Character.digit(s.charAt(i), radix);
            if (value > 0xFFFF_FFFFFFL) {
                value = Long.MAX_VALUE / 2; // saturated: out of range anyway
            }
            i++;
        }
        if (i == start || i != n) {
            return null;
        }
        return negative ? -value : value;
    }

    /** Where C's number parsers start reading digits: after leading blanks and one sign. */
    private static int numberStart(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        return i;
    }

    /** C's {@code atol}: leading blanks, a sign, digits; saturates as glibc does. */
    static long atol(String s) {
        int n = s.length();
        int i = numberStart(s);
        boolean negative = i > 0 && s.charAt(i - 1) == '-';
        long value = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + d;
            i++;
        }
        return negative ? -value : value;
    }
}
