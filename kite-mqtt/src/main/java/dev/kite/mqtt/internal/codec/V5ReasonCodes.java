package dev.kite.mqtt.internal.codec;

import dev.kite.mqtt.ReasonCode;
import dev.kite.mqtt.internal.packet.Packet.Type;

/**
 * Which reason codes each MQTT 5.0 packet may carry: the "Sent by" column of table 2-6 (section
 * 2.4), restated per packet in sections 3.2.2.2, 3.4.2.1 to 3.7.2.1, 3.9.3, 3.11.3, 3.14.2.1 and
 * 3.15.2.1.
 */
final class V5ReasonCodes {
    private static final int[][] ALLOWED = new int[Type.AUTH + 1][];

    static {
        ALLOWED[Type.CONNACK] = new int[] {0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A,
            0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F};
        ALLOWED[Type.PUBACK] = new int[] {0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99};
        ALLOWED[Type.PUBREC] = ALLOWED[Type.PUBACK];
        ALLOWED[Type.PUBREL] = new int[] {0x00, 0x92};
        ALLOWED[Type.PUBCOMP] = ALLOWED[Type.PUBREL];
        ALLOWED[Type.SUBACK] = new int[] {0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2};
        ALLOWED[Type.UNSUBACK] = new int[] {0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91};
        ALLOWED[Type.DISCONNECT] = new int[] {0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8C, 0x8D,
            0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0,
            0xA1, 0xA2};
        ALLOWED[Type.AUTH] = new int[] {0x00, 0x18, 0x19};
    }

    private V5ReasonCodes() {
    }

    /** Returns the reason codes a packet type may carry, in order of value. */
    static int[] codes(int type) {
        return ALLOWED[type].clone();
    }

    /** Returns whether a packet type may carry a reason code. */
    static boolean allowed(int type, int code) {
        for (int c : ALLOWED[type]) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }

    /** Returns the rule a code breaks in a packet, for messages, or {@code null} if it is allowed. */
    static String problem(int type, int code) {
        if (allowed(type, code)) {
            return null;
        }
        return "reason code 0x" + String.format("%02X", code) + " (" + ReasonCode.name(code) + ") is not one "
                + Type.name(type) + " may carry (" + section(type) + ")";
    }

    private static String section(int type) {
        return switch (type) {
            case Type.CONNACK -> "section 3.2.2.2";
            case Type.PUBACK -> "section 3.4.2.1";
            case Type.PUBREC -> "section 3.5.2.1";
            case Type.PUBREL -> "section 3.6.2.1";
            case Type.PUBCOMP -> "section 3.7.2.1";
            case Type.SUBACK -> "section 3.9.3";
            case Type.UNSUBACK -> "section 3.11.3";
            case Type.DISCONNECT -> "section 3.14.2.1";
            default -> "section 3.15.2.1";
        };
    }
}
