package dev.kite.mqtt.internal.codec;

import static dev.kite.mqtt.internal.packet.Property.*;

import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.Topic;
import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.packet.Packet.Type;
import dev.kite.mqtt.internal.packet.Properties;
import dev.kite.mqtt.internal.packet.Property;

/**
 * The property block of MQTT 5.0 packets (section 2.2.2): a Variable Byte Integer length, then
 * identifier and value pairs. Reads, measures and writes it, and holds the one set of rules both
 * directions check: which identifiers a packet may carry (table 2-4), which may repeat, and the
 * values the specification allows.
 */
final class V5Properties {
    /** The bit of {@link #ALLOWED} for will properties, which are not a packet of their own. */
    static final int WILL = 16;

    /** For each identifier, a bit per packet type (and {@link #WILL}) that may carry it. */
    private static final int[] ALLOWED = new int[MAX_ID + 1];

    static {
        allow(PAYLOAD_FORMAT_INDICATOR, Type.PUBLISH, WILL);
        allow(MESSAGE_EXPIRY_INTERVAL, Type.PUBLISH, WILL);
        allow(CONTENT_TYPE, Type.PUBLISH, WILL);
        allow(RESPONSE_TOPIC, Type.PUBLISH, WILL);
        allow(CORRELATION_DATA, Type.PUBLISH, WILL);
        allow(SUBSCRIPTION_IDENTIFIER, Type.PUBLISH, Type.SUBSCRIBE);
        allow(SESSION_EXPIRY_INTERVAL, Type.CONNECT, Type.CONNACK, Type.DISCONNECT);
        allow(ASSIGNED_CLIENT_IDENTIFIER, Type.CONNACK);
        allow(SERVER_KEEP_ALIVE, Type.CONNACK);
        allow(AUTHENTICATION_METHOD, Type.CONNECT, Type.CONNACK, Type.AUTH);
        allow(AUTHENTICATION_DATA, Type.CONNECT, Type.CONNACK, Type.AUTH);
        allow(REQUEST_PROBLEM_INFORMATION, Type.CONNECT);
        allow(WILL_DELAY_INTERVAL, WILL);
        allow(REQUEST_RESPONSE_INFORMATION, Type.CONNECT);
        allow(RESPONSE_INFORMATION, Type.CONNACK);
        allow(SERVER_REFERENCE, Type.CONNACK, Type.DISCONNECT);
        allow(REASON_STRING, Type.CONNACK, Type.PUBACK, Type.PUBREC, Type.PUBREL, Type.PUBCOMP, Type.SUBACK,
                Type.UNSUBACK, Type.DISCONNECT, Type.AUTH);
        allow(RECEIVE_MAXIMUM, Type.CONNECT, Type.CONNACK);
        allow(TOPIC_ALIAS_MAXIMUM, Type.CONNECT, Type.CONNACK);
        allow(TOPIC_ALIAS, Type.PUBLISH);
        allow(MAXIMUM_QOS, Type.CONNACK);
        allow(RETAIN_AVAILABLE, Type.CONNACK);
        allow(USER_PROPERTY, Type.CONNECT, Type.CONNACK, Type.PUBLISH, WILL, Type.PUBACK, Type.PUBREC, Type.PUBREL,
                Type.PUBCOMP, Type.SUBSCRIBE, Type.SUBACK, Type.UNSUBSCRIBE, Type.UNSUBACK, Type.DISCONNECT, Type.AUTH);
        allow(MAXIMUM_PACKET_SIZE, Type.CONNECT, Type.CONNACK);
        allow(WILDCARD_SUBSCRIPTION_AVAILABLE, Type.CONNACK);
        allow(SUBSCRIPTION_IDENTIFIER_AVAILABLE, Type.CONNACK);
        allow(SHARED_SUBSCRIPTION_AVAILABLE, Type.CONNACK);
    }

    /**
     * A broken rule: what to say and the reason code a receiver's DISCONNECT carries.
     *
     * @param text the rule, without the packet's name
     * @param reasonCode 0x81 malformed packet, 0x82 protocol error, or a more specific code
     */
    record Problem(String text, int reasonCode) {
    }

    private V5Properties() {
    }

    private static void allow(int id, int... types) {
        for (int t : types) {
            ALLOWED[id] |= 1 << t;
        }
    }

    /** Returns whether a packet type (or {@link #WILL}) may carry a property (table 2-4). */
    static boolean allowedIn(int where, int id) {
        return Property.isDefined(id) && (ALLOWED[id] & 1 << where) != 0;
    }

    /** Returns what a block is called in messages: {@code "will properties"} or {@code "properties"}. */
    static String blockName(int where) {
        return where == WILL ? "will properties" : "properties";
    }

    /**
     * Checks properties against the rules of the packet (or {@link #WILL}) that carries them.
     *
     * @return the first rule broken, or {@code null}
     */
    static Problem check(int where, Properties p) {
        long seen = 0;
        for (int i = 0; i < p.size(); i++) {
            int id = p.id(i);
            if (!allowedIn(where, id)) {
                // section 2.2.2.2: an identifier not valid for the packet type makes it malformed
                return new Problem(Property.name(id) + " is not allowed in " + where(where)
                        + " (section 2.2.2.2, table 2-4)", ReasonCode.MALFORMED_PACKET.code());
            }
            boolean repeatable = id == USER_PROPERTY || id == SUBSCRIPTION_IDENTIFIER && where == Type.PUBLISH;
            if (!repeatable && (seen & 1L << id) != 0) {
                return new Problem(Property.name(id) + " appears more than once, a protocol error (section "
                        + section(id) + ")", ReasonCode.PROTOCOL_ERROR.code());
            }
            seen |= 1L << id;
            Problem bad = checkValue(id, p.value(i));
            if (bad != null) {
                return bad;
            }
        }
        if ((seen & 1L << AUTHENTICATION_DATA) != 0 && (seen & 1L << AUTHENTICATION_METHOD) == 0) {
            return new Problem(Property.name(AUTHENTICATION_DATA) + " without an authentication method,"
                    + " a protocol error (section 3.1.2.11.10)", ReasonCode.PROTOCOL_ERROR.code());
        }
        return null;
    }

    private static Problem checkValue(int id, Object value) {
        switch (id) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                    RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> {
                if ((Long) value > 1) {
                    return protocolError(id, value + ", must be 0 or 1");
                }
            }
            case SUBSCRIPTION_IDENTIFIER, RECEIVE_MAXIMUM, MAXIMUM_PACKET_SIZE -> {
                if ((Long) value == 0) {
                    return protocolError(id, "0, must be at least 1");
                }
            }
            case TOPIC_ALIAS -> {
                if ((Long) value == 0) {
                    // [MQTT-3.3.2-8] a topic alias of 0 is not permitted
                    return new Problem(Property.name(id) + " is 0, which is not permitted [MQTT-3.3.2-8]",
                            ReasonCode.TOPIC_ALIAS_INVALID.code());
                }
            }
            case RESPONSE_TOPIC -> {
                try {
                    Topic.validate((String) value);
                } catch (IllegalArgumentException e) {
                    // [MQTT-3.3.2-14] a response topic is a topic name: no wildcards
                    return new Problem("response " + e.getMessage() + " [MQTT-3.3.2-14]",
                            ReasonCode.PROTOCOL_ERROR.code());
                }
            }
            default -> {
                // every other value is any value of its data type
            }
        }
        return null;
    }

    private static Problem protocolError(int id, String what) {
        return new Problem(Property.name(id) + " is " + what + ", a protocol error (section " + section(id) + ")",
                ReasonCode.PROTOCOL_ERROR.code());
    }

    /** Returns the section that defines a property, for messages: its CONNACK, CONNECT or PUBLISH entry. */
    private static String section(int id) {
        return switch (id) {
            case PAYLOAD_FORMAT_INDICATOR -> "3.3.2.3.2";
            case MESSAGE_EXPIRY_INTERVAL -> "3.3.2.3.3";
            case TOPIC_ALIAS -> "3.3.2.3.4";
            case RESPONSE_TOPIC -> "3.3.2.3.5";
            case CORRELATION_DATA -> "3.3.2.3.6";
            case CONTENT_TYPE -> "3.3.2.3.9";
            case SUBSCRIPTION_IDENTIFIER -> "3.8.2.1.2";
            case SESSION_EXPIRY_INTERVAL -> "3.1.2.11.2";
            case RECEIVE_MAXIMUM -> "3.1.2.11.3";
            case MAXIMUM_PACKET_SIZE -> "3.1.2.11.4";
            case TOPIC_ALIAS_MAXIMUM -> "3.1.2.11.5";
            case REQUEST_RESPONSE_INFORMATION -> "3.1.2.11.6";
            case REQUEST_PROBLEM_INFORMATION -> "3.1.2.11.7";
            case AUTHENTICATION_METHOD -> "3.1.2.11.9";
            case AUTHENTICATION_DATA -> "3.1.2.11.10";
            case WILL_DELAY_INTERVAL -> "3.1.3.2.2";
            case MAXIMUM_QOS -> "3.2.2.3.4";
            case RETAIN_AVAILABLE -> "3.2.2.3.5";
            case ASSIGNED_CLIENT_IDENTIFIER -> "3.2.2.3.7";
            case REASON_STRING -> "3.2.2.3.9";
            case WILDCARD_SUBSCRIPTION_AVAILABLE -> "3.2.2.3.11";
            case SUBSCRIPTION_IDENTIFIER_AVAILABLE -> "3.2.2.3.12";
            case SHARED_SUBSCRIPTION_AVAILABLE -> "3.2.2.3.13";
            case SERVER_KEEP_ALIVE -> "3.2.2.3.14";
            case RESPONSE_INFORMATION -> "3.2.2.3.15";
            case SERVER_REFERENCE -> "3.2.2.3.16";
            default -> "2.2.2.2";
        };
    }

    private static String where(int where) {
        return where == WILL ? "will properties" : Type.name(where);
    }

    /**
     * Reads a property block and checks it.
     *
     * @param where the packet type, or {@link #WILL}
     * @throws dev.kite.mqtt.MqttProtocolException if it is malformed or breaks a rule
     */
    static Properties read(PacketReader r, int where) {
        String block = blockName(where);
        int length = r.varInt(block + " length");
        if (length == 0) {
            return Properties.EMPTY;
        }
        if (length > r.remaining()) {
            throw r.malformed(block + " length " + length + " exceeds the " + r.remaining()
                    + " bytes left in the packet (section 2.2.2.1)");
        }
        int stop = r.remaining() - length;
        Properties.Builder b = Properties.builder();
        while (r.remaining() > stop) {
            int id = r.varInt("property identifier");
            if (!Property.isDefined(id)) {
                throw r.malformed(block + ": " + Property.name(id) + " (section 2.2.2.2, table 2-4)");
            }
            String name = Property.name(id);
            switch (Property.kind(id)) {
                case BYTE -> b.number(id, r.u8(name));
                case TWO -> b.number(id, r.u16(name));
                case FOUR -> b.number(id, r.u32(name));
                case VARINT -> b.number(id, r.varInt(name));
                case STRING -> b.string(id, r.string(name));
                case BINARY -> b.binary(id, r.binary(name));
                case PAIR -> b.userProperty(new UserProperty(r.string("user property name"),
                        r.string("user property value")));
            }
        }
        if (r.remaining() != stop) {
            throw r.malformed(block + " length " + length + " ends inside a property; the properties take "
                    + (length + stop - r.remaining()) + " bytes (section 2.2.2.1)");
        }
        Properties p = b.build();
        Problem problem = check(where, p);
        if (problem != null) {
            throw r.error(prefix(where) + problem.text(), problem.reasonCode());
        }
        return p;
    }

    /**
     * Checks properties for sending and returns how many bytes they take, their length prefix
     * included.
     *
     * @param packet the packet's name, for messages
     * @param where the packet type, or {@link #WILL}
     * @throws IllegalArgumentException if a rule is broken or a value cannot be encoded
     */
    static long size(String packet, int where, Properties p) {
        Problem problem = check(where, p);
        if (problem != null) {
            throw new IllegalArgumentException(packet + ": " + prefix(where) + problem.text());
        }
        long n = contentLength(packet, p);
        return VarInt.size((int) Math.min(n, VarInt.MAX + 1L)) + n;
    }

    private static String prefix(int where) {
        return where == WILL ? "will properties: " : "";
    }

    /** Returns the bytes of the properties after the length prefix. */
    private static long contentLength(String packet, Properties p) {
        long n = 0;
        for (int i = 0; i < p.size(); i++) {
            int id = p.id(i);
            String what = packet + ": " + Property.name(id);
            n += VarInt.size(id) + switch (Property.kind(id)) {
                case BYTE -> 1;
                case TWO -> 2;
                case FOUR -> 4;
                case VARINT -> VarInt.size(((Long) p.value(i)).intValue());
                case STRING -> 2 + Utf8.length(what, (String) p.value(i));
                case BINARY -> 2 + binaryLength(what, (byte[]) p.value(i));
                case PAIR -> {
                    UserProperty u = (UserProperty) p.value(i);
                    yield 4 + Utf8.length(what + " name", u.name()) + Utf8.length(what + " value", u.value());
                }
            };
        }
        return n;
    }

    static int binaryLength(String what, byte[] data) {
        if (data.length > Utf8.MAX_LENGTH) {
            throw new IllegalArgumentException(what + ": " + data.length
                    + " bytes, must be at most 65535 (Binary Data, section 1.5.6)");
        }
        return data.length;
    }

    /** Writes properties checked by {@link #size}: the length prefix, then each pair. */
    static void write(ByteWriter w, Properties p) {
        w.varInt((int) contentLength("", p));
        for (int i = 0; i < p.size(); i++) {
            int id = p.id(i);
            Object v = p.value(i);
            w.varInt(id);
            switch (Property.kind(id)) {
                case BYTE -> w.u8(((Long) v).intValue());
                case TWO -> w.u16(((Long) v).intValue());
                case FOUR -> w.u32((Long) v);
                case VARINT -> w.varInt(((Long) v).intValue());
                case STRING -> w.string((String) v);
                case BINARY -> w.binary((byte[]) v);
                case PAIR -> {
                    w.string(((UserProperty) v).name());
                    w.string(((UserProperty) v).value());
                }
            }
        }
    }
}
