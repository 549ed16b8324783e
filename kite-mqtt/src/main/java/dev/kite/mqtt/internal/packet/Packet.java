package dev.kite.mqtt.internal.packet;

/**
 * One MQTT control packet, as a value. The codec turns bytes into these and back; the session
 * and the client only ever see these.
 */
public sealed interface Packet
        permits Connect, Connack, Publish, Puback, Pubrec, Pubrel, Pubcomp, Subscribe, Suback,
                Unsubscribe, Unsuback, Pingreq, Pingresp, Disconnect, Auth {

    /** Returns the control packet type, 1 (CONNECT) to 14 (DISCONNECT), or 15 (AUTH, MQTT 5.0 only). */
    int type();

    /** Returns the packet id, or 0 for packets that carry none. */
    default int packetId() {
        return 0;
    }

    /** Returns the MQTT 5.0 reason code, or 0 (success) for packets that carry none. */
    default int reasonCode() {
        return 0;
    }

    /** Returns the MQTT 5.0 properties; {@link Properties#EMPTY} for packets that carry none. */
    default Properties properties() {
        return Properties.EMPTY;
    }

    /** Control packet type numbers of the fixed header [MQTT-2.2.1]. */
    final class Type {
        public static final int CONNECT = 1;
        public static final int CONNACK = 2;
        public static final int PUBLISH = 3;
        public static final int PUBACK = 4;
        public static final int PUBREC = 5;
        public static final int PUBREL = 6;
        public static final int PUBCOMP = 7;
        public static final int SUBSCRIBE = 8;
        public static final int SUBACK = 9;
        public static final int UNSUBSCRIBE = 10;
        public static final int UNSUBACK = 11;
        public static final int PINGREQ = 12;
        public static final int PINGRESP = 13;
        public static final int DISCONNECT = 14;
        /** MQTT 5.0 only; reserved in 3.1.1. */
        public static final int AUTH = 15;

        private static final String[] NAMES = {"RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK",
            "PUBREC", "PUBREL", "PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK",
            "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};

        private Type() {
        }

        /** Returns the name of a packet type, such as {@code "PUBLISH"}. */
        public static String name(int type) {
            return type >= 0 && type < NAMES.length ? NAMES[type] : "UNKNOWN(" + type + ")";
        }
    }
}
