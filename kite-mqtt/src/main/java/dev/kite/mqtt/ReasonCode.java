package dev.kite.mqtt;

/**
 * A reason code of MQTT 5.0 (section 2.4, table 2-6): one byte in CONNACK, the acknowledgements,
 * SUBACK, UNSUBACK, DISCONNECT and AUTH that says how an operation went. Below 0x80 it is a
 * success (0x10 "no matching subscribers" too); from 0x80 on it is a failure.
 *
 * <p>A few codes share a value and differ only by the packet they appear in: 0x00 is
 * {@link #SUCCESS}, {@link #NORMAL_DISCONNECTION} in DISCONNECT and {@link #GRANTED_QOS_0} in
 * SUBACK. Equality is by value.
 *
 * <pre>{@code
 * if (ReasonCode.isError(token.reasonCode())) {
 *     log.warn("refused: {}", ReasonCode.name(token.reasonCode()));
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class ReasonCode {
    /** 0x00 Success. */
    public static final ReasonCode SUCCESS = new ReasonCode(0x00, "Success");
    /** 0x00 Normal disconnection. */
    public static final ReasonCode NORMAL_DISCONNECTION = new ReasonCode(0x00, "Normal disconnection");
    /** 0x00 Granted QoS 0. */
    public static final ReasonCode GRANTED_QOS_0 = new ReasonCode(0x00, "Granted QoS 0");
    /** 0x01 Granted QoS 1. */
    public static final ReasonCode GRANTED_QOS_1 = new ReasonCode(0x01, "Granted QoS 1");
    /** 0x02 Granted QoS 2. */
    public static final ReasonCode GRANTED_QOS_2 = new ReasonCode(0x02, "Granted QoS 2");
    /** 0x04 Disconnect with Will Message. */
    public static final ReasonCode DISCONNECT_WITH_WILL_MESSAGE = new ReasonCode(0x04, "Disconnect with Will Message");
    /** 0x10 No matching subscribers. */
    public static final ReasonCode NO_MATCHING_SUBSCRIBERS = new ReasonCode(0x10, "No matching subscribers");
    /** 0x11 No subscription existed. */
    public static final ReasonCode NO_SUBSCRIPTION_EXISTED = new ReasonCode(0x11, "No subscription existed");
    /** 0x18 Continue authentication. */
    public static final ReasonCode CONTINUE_AUTHENTICATION = new ReasonCode(0x18, "Continue authentication");
    /** 0x19 Re-authenticate. */
    public static final ReasonCode RE_AUTHENTICATE = new ReasonCode(0x19, "Re-authenticate");
    /** 0x80 Unspecified error. */
    public static final ReasonCode UNSPECIFIED_ERROR = new ReasonCode(0x80, "Unspecified error");
    /** 0x81 Malformed Packet. */
    public static final ReasonCode MALFORMED_PACKET = new ReasonCode(0x81, "Malformed Packet");
    /** 0x82 Protocol Error. */
    public static final ReasonCode PROTOCOL_ERROR = new ReasonCode(0x82, "Protocol Error");
    /** 0x83 Implementation specific error. */
    public static final ReasonCode IMPLEMENTATION_SPECIFIC_ERROR = new ReasonCode(0x83, "Implementation specific error");
    /** 0x84 Unsupported Protocol Version. */
    public static final ReasonCode UNSUPPORTED_PROTOCOL_VERSION = new ReasonCode(0x84, "Unsupported Protocol Version");
    /** 0x85 Client Identifier not valid. */
    public static final ReasonCode CLIENT_IDENTIFIER_NOT_VALID = new ReasonCode(0x85, "Client Identifier not valid");
    /** 0x86 Bad User Name or Password. */
    public static final ReasonCode BAD_USER_NAME_OR_PASSWORD = new ReasonCode(0x86, "Bad User Name or Password");
    /** 0x87 Not authorized. */
    public static final ReasonCode NOT_AUTHORIZED = new ReasonCode(0x87, "Not authorized");
    /** 0x88 Server unavailable. */
    public static final ReasonCode SERVER_UNAVAILABLE = new ReasonCode(0x88, "Server unavailable");
    /** 0x89 Server busy. */
    public static final ReasonCode SERVER_BUSY = new ReasonCode(0x89, "Server busy");
    /** 0x8A Banned. */
    public static final ReasonCode BANNED = new ReasonCode(0x8A, "Banned");
    /** 0x8B Server shutting down. */
    public static final ReasonCode SERVER_SHUTTING_DOWN = new ReasonCode(0x8B, "Server shutting down");
    /** 0x8C Bad authentication method. */
    public static final ReasonCode BAD_AUTHENTICATION_METHOD = new ReasonCode(0x8C, "Bad authentication method");
    /** 0x8D Keep Alive timeout. */
    public static final ReasonCode KEEP_ALIVE_TIMEOUT = new ReasonCode(0x8D, "Keep Alive timeout");
    /** 0x8E Session taken over. */
    public static final ReasonCode SESSION_TAKEN_OVER = new ReasonCode(0x8E, "Session taken over");
    /** 0x8F Topic Filter invalid. */
    public static final ReasonCode TOPIC_FILTER_INVALID = new ReasonCode(0x8F, "Topic Filter invalid");
    /** 0x90 Topic Name invalid. */
    public static final ReasonCode TOPIC_NAME_INVALID = new ReasonCode(0x90, "Topic Name invalid");
    /** 0x91 Packet Identifier in use. */
    public static final ReasonCode PACKET_IDENTIFIER_IN_USE = new ReasonCode(0x91, "Packet Identifier in use");
    /** 0x92 Packet Identifier not found. */
    public static final ReasonCode PACKET_IDENTIFIER_NOT_FOUND = new ReasonCode(0x92, "Packet Identifier not found");
    /** 0x93 Receive Maximum exceeded. */
    public static final ReasonCode RECEIVE_MAXIMUM_EXCEEDED = new ReasonCode(0x93, "Receive Maximum exceeded");
    /** 0x94 Topic Alias invalid. */
    public static final ReasonCode TOPIC_ALIAS_INVALID = new ReasonCode(0x94, "Topic Alias invalid");
    /** 0x95 Packet too large. */
    public static final ReasonCode PACKET_TOO_LARGE = new ReasonCode(0x95, "Packet too large");
    /** 0x96 Message rate too high. */
    public static final ReasonCode MESSAGE_RATE_TOO_HIGH = new ReasonCode(0x96, "Message rate too high");
    /** 0x97 Quota exceeded. */
    public static final ReasonCode QUOTA_EXCEEDED = new ReasonCode(0x97, "Quota exceeded");
    /** 0x98 Administrative action. */
    public static final ReasonCode ADMINISTRATIVE_ACTION = new ReasonCode(0x98, "Administrative action");
    /** 0x99 Payload format invalid. */
    public static final ReasonCode PAYLOAD_FORMAT_INVALID = new ReasonCode(0x99, "Payload format invalid");
    /** 0x9A Retain not supported. */
    public static final ReasonCode RETAIN_NOT_SUPPORTED = new ReasonCode(0x9A, "Retain not supported");
    /** 0x9B QoS not supported. */
    public static final ReasonCode QOS_NOT_SUPPORTED = new ReasonCode(0x9B, "QoS not supported");
    /** 0x9C Use another server. */
    public static final ReasonCode USE_ANOTHER_SERVER = new ReasonCode(0x9C, "Use another server");
    /** 0x9D Server moved. */
    public static final ReasonCode SERVER_MOVED = new ReasonCode(0x9D, "Server moved");
    /** 0x9E Shared Subscriptions not supported. */
    public static final ReasonCode SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = new ReasonCode(0x9E, "Shared Subscriptions not supported");
    /** 0x9F Connection rate exceeded. */
    public static final ReasonCode CONNECTION_RATE_EXCEEDED = new ReasonCode(0x9F, "Connection rate exceeded");
    /** 0xA0 Maximum connect time. */
    public static final ReasonCode MAXIMUM_CONNECT_TIME = new ReasonCode(0xA0, "Maximum connect time");
    /** 0xA1 Subscription Identifiers not supported. */
    public static final ReasonCode SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = new ReasonCode(0xA1, "Subscription Identifiers not supported");
    /** 0xA2 Wildcard Subscriptions not supported. */
    public static final ReasonCode WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED = new ReasonCode(0xA2, "Wildcard Subscriptions not supported");

    /** The first constant of each defined value, in order of value. */
    private static final ReasonCode[] DEFINED = {
        SUCCESS,
        GRANTED_QOS_1,
        GRANTED_QOS_2,
        DISCONNECT_WITH_WILL_MESSAGE,
        NO_MATCHING_SUBSCRIBERS,
        NO_SUBSCRIPTION_EXISTED,
        CONTINUE_AUTHENTICATION,
        RE_AUTHENTICATE,
        UNSPECIFIED_ERROR,
        MALFORMED_PACKET,
        PROTOCOL_ERROR,
        IMPLEMENTATION_SPECIFIC_ERROR,
        UNSUPPORTED_PROTOCOL_VERSION,
        CLIENT_IDENTIFIER_NOT_VALID,
        BAD_USER_NAME_OR_PASSWORD,
        NOT_AUTHORIZED,
        SERVER_UNAVAILABLE,
        SERVER_BUSY,
        BANNED,
        SERVER_SHUTTING_DOWN,
        BAD_AUTHENTICATION_METHOD,
        KEEP_ALIVE_TIMEOUT,
        SESSION_TAKEN_OVER,
        TOPIC_FILTER_INVALID,
        TOPIC_NAME_INVALID,
        PACKET_IDENTIFIER_IN_USE,
        PACKET_IDENTIFIER_NOT_FOUND,
        RECEIVE_MAXIMUM_EXCEEDED,
        TOPIC_ALIAS_INVALID,
        PACKET_TOO_LARGE,
        MESSAGE_RATE_TOO_HIGH,
        QUOTA_EXCEEDED,
        ADMINISTRATIVE_ACTION,
        PAYLOAD_FORMAT_INVALID,
        RETAIN_NOT_SUPPORTED,
        QOS_NOT_SUPPORTED,
        USE_ANOTHER_SERVER,
        SERVER_MOVED,
        SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
        CONNECTION_RATE_EXCEEDED,
        MAXIMUM_CONNECT_TIME,
        SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
        WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED};

    private final int code;
    private final String name;

    private ReasonCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * Returns the reason code for a value.
     *
     * @param code the value, 0 to 255
     * @return the constant for it (for 0x00, {@link #SUCCESS}), or a new value named
     *     "Unknown reason code 0x.." if the specification defines none
     * @throws IllegalArgumentException if {@code code} is not 0 to 255
     */
    public static ReasonCode of(int code) {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("reason code " + code + ": must be 0 to 255 (section 2.4)");
        }
        ReasonCode defined = defined(code);
        return defined != null ? defined : new ReasonCode(code, "Unknown reason code 0x" + hex(code));
    }

    /**
     * Returns the specification's name for a reason code value, such as {@code "Quota exceeded"}
     * for 0x97.
     *
     * @param code the value
     * @return the name; for 0x00 {@code "Success"}; "Unknown reason code .." for a value the
     *     specification does not define
     */
    public static String name(int code) {
        ReasonCode defined = defined(code);
        return defined != null ? defined.name
                : "Unknown reason code " + (code < 0 || code > 0xFF ? String.valueOf(code) : "0x" + hex(code));
    }

    /**
     * Returns a reason code as error messages show it, the value with its name, such as
     * {@code "0x87 (Not authorized)"}.
     *
     * @param code the value
     * @return the value in hex with {@link #name(int)} in brackets
     * @since 0.2
     */
    public static String describe(int code) {
        return String.format("0x%02X (%s)", code, name(code));
    }

    /**
     * Tells whether a reason code value means failure.
     *
     * @param code the value
     * @return whether it is 0x80 or more
     */
    public static boolean isError(int code) {
        return code >= 0x80;
    }

    /**
     * Tells whether the specification defines a reason code value.
     *
     * @param code the value
     * @return whether table 2-6 lists it
     */
    public static boolean isDefined(int code) {
        return defined(code) != null;
    }

    private static ReasonCode defined(int code) {
        for (ReasonCode r : DEFINED) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }

    /**
     * Returns the value.
     *
     * @return 0 to 255
     */
    public int code() {
        return code;
    }

    /**
     * Returns the specification's name for this code.
     *
     * @return the name, such as {@code "Not authorized"}
     */
    public String name() {
        return name;
    }

    /**
     * Tells whether this code means failure.
     *
     * @return whether it is 0x80 or more
     */
    public boolean isError() {
        return isError(code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReasonCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** Returns the value and the name, such as {@code "0x97 Quota exceeded"}. */
    @Override
    public String toString() {
        return "0x" + hex(code) + " " + name;
    }

    private static String hex(int code) {
        return String.format("%02X", code);
    }
}
