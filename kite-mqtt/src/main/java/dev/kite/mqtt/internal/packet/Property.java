package dev.kite.mqtt.internal.packet;

/**
 * The property identifiers of MQTT 5.0 (section 2.2.2.2, table 2-4), their names and the data
 * type of their values.
 */
public final class Property {
    public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    public static final int CONTENT_TYPE = 0x03;
    public static final int RESPONSE_TOPIC = 0x08;
    public static final int CORRELATION_DATA = 0x09;
    public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    public static final int SESSION_EXPIRY_INTERVAL = 0x11;
    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    public static final int SERVER_KEEP_ALIVE = 0x13;
    public static final int AUTHENTICATION_METHOD = 0x15;
    public static final int AUTHENTICATION_DATA = 0x16;
    public static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    public static final int WILL_DELAY_INTERVAL = 0x18;
    public static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    public static final int RESPONSE_INFORMATION = 0x1A;
    public static final int SERVER_REFERENCE = 0x1C;
    public static final int REASON_STRING = 0x1F;
    public static final int RECEIVE_MAXIMUM = 0x21;
    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    public static final int TOPIC_ALIAS = 0x23;
    public static final int MAXIMUM_QOS = 0x24;
    public static final int RETAIN_AVAILABLE = 0x25;
    public static final int USER_PROPERTY = 0x26;
    public static final int MAXIMUM_PACKET_SIZE = 0x27;
    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    /** The highest identifier defined. */
    public static final int MAX_ID = 0x2A;

    /** The data types of section 1.5. */
    public enum Kind {
        /** One byte. */
        BYTE,
        /** Two Byte Integer. */
        TWO,
        /** Four Byte Integer. */
        FOUR,
        /** Variable Byte Integer. */
        VARINT,
        /** UTF-8 Encoded String. */
        STRING,
        /** Binary Data. */
        BINARY,
        /** UTF-8 String Pair. */
        PAIR
    }

    private static final String[] NAMES = new String[MAX_ID + 1];
    private static final Kind[] KINDS = new Kind[MAX_ID + 1];

    static {
        define(PAYLOAD_FORMAT_INDICATOR, "payload format indicator", Kind.BYTE);
        define(MESSAGE_EXPIRY_INTERVAL, "message expiry interval", Kind.FOUR);
        define(CONTENT_TYPE, "content type", Kind.STRING);
        define(RESPONSE_TOPIC, "response topic", Kind.STRING);
        define(CORRELATION_DATA, "correlation data", Kind.BINARY);
        define(SUBSCRIPTION_IDENTIFIER, "subscription identifier", Kind.VARINT);
        define(SESSION_EXPIRY_INTERVAL, "session expiry interval", Kind.FOUR);
        define(ASSIGNED_CLIENT_IDENTIFIER, "assigned client identifier", Kind.STRING);
        define(SERVER_KEEP_ALIVE, "server keep alive", Kind.TWO);
        define(AUTHENTICATION_METHOD, "authentication method", Kind.STRING);
        define(AUTHENTICATION_DATA, "authentication data", Kind.BINARY);
        define(REQUEST_PROBLEM_INFORMATION, "request problem information", Kind.BYTE);
        define(WILL_DELAY_INTERVAL, "will delay interval", Kind.FOUR);
        define(REQUEST_RESPONSE_INFORMATION, "request response information", Kind.BYTE);
        define(RESPONSE_INFORMATION, "response information", Kind.STRING);
        define(SERVER_REFERENCE, "server reference", Kind.STRING);
        define(REASON_STRING, "reason string", Kind.STRING);
        define(RECEIVE_MAXIMUM, "receive maximum", Kind.TWO);
        define(TOPIC_ALIAS_MAXIMUM, "topic alias maximum", Kind.TWO);
        define(TOPIC_ALIAS, "topic alias", Kind.TWO);
        define(MAXIMUM_QOS, "maximum QoS", Kind.BYTE);
        define(RETAIN_AVAILABLE, "retain available", Kind.BYTE);
        define(USER_PROPERTY, "user property", Kind.PAIR);
        define(MAXIMUM_PACKET_SIZE, "maximum packet size", Kind.FOUR);
        define(WILDCARD_SUBSCRIPTION_AVAILABLE, "wildcard subscription available", Kind.BYTE);
        define(SUBSCRIPTION_IDENTIFIER_AVAILABLE, "subscription identifier available", Kind.BYTE);
        define(SHARED_SUBSCRIPTION_AVAILABLE, "shared subscription available", Kind.BYTE);
    }

    private Property() {
    }

    private static void define(int id, String name, Kind kind) {
        NAMES[id] = name;
        KINDS[id] = kind;
    }

    /** Returns whether the specification defines an identifier. */
    public static boolean isDefined(int id) {
        return id >= 0 && id <= MAX_ID && KINDS[id] != null;
    }

    /** Returns the data type of a defined identifier. */
    public static Kind kind(int id) {
        return KINDS[id];
    }

    /** Returns the name of an identifier, such as {@code "receive maximum (0x21)"}. */
    public static String name(int id) {
        String hex = String.format("0x%02X", id);
        return isDefined(id) ? NAMES[id] + " (" + hex + ")" : "unknown property " + hex;
    }
}
