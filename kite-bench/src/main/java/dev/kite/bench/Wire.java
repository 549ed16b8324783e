package dev.kite.bench;

import java.nio.charset.StandardCharsets;

/**
 * Hand-written MQTT 3.1.1 bytes for the raw-socket client and the sink peer: the least a client
 * can do on the wire, as the reference the libraries are measured against.
 */
final class Wire {
    private Wire() {
    }

    static byte[] connect(String clientId, boolean clean) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int remaining = 10 + 2 + id.length;
        byte[] b = new byte[2 + remaining];
        int i = 0;
        b[i++] = 0x10;
        b[i++] = (byte) remaining;
        b[i++] = 0;
        b[i++] = 4;
        b[i++] = 'M';
        b[i++] = 'Q';
        b[i++] = 'T';
        b[i++] = 'T';
        b[i++] = 4;
        b[i++] = (byte) (clean ? 2 : 0);
        b[i++] = 0;
        b[i++] = 60;
        b[i++] = (byte) (id.length >> 8);
        b[i++] = (byte) id.length;
        System.arraycopy(id, 0, b, i, id.length);
        return b;
    }

    static byte[] subscribe(int packetId, String filter, int qos) {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + 2 + f.length + 1;
        byte[] b = new byte[2 + remaining];
        b[0] = (byte) 0x82;
        b[1] = (byte) remaining;
        b[2] = (byte) (packetId >> 8);
        b[3] = (byte) packetId;
        b[4] = (byte) (f.length >> 8);
        b[5] = (byte) f.length;
        System.arraycopy(f, 0, b, 6, f.length);
        b[6 + f.length] = (byte) qos;
        return b;
    }

    /** Length of a whole PUBLISH with this topic, payload and QoS. */
    static int publishLength(byte[] topic, int payload, int qos) {
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payload;
        return 1 + varIntSize(remaining) + remaining;
    }

    /** Writes a PUBLISH at {@code off}; returns the offset after it. */
    static int publish(byte[] into, int off, byte[] topic, byte[] payload, int qos, int packetId) {
        int remaining = 2 + topic.length + (qos > 0 ? 2 : 0) + payload.length;
        into[off++] = (byte) (0x30 | qos << 1);
        off = varInt(into, off, remaining);
        into[off++] = (byte) (topic.length >> 8);
        into[off++] = (byte) topic.length;
        System.arraycopy(topic, 0, into, off, topic.length);
        off += topic.length;
        if (qos > 0) {
            into[off++] = (byte) (packetId >> 8);
            into[off++] = (byte) packetId;
        }
        System.arraycopy(payload, 0, into, off, payload.length);
        return off + payload.length;
    }

    /** Writes a 4-byte acknowledgement (PUBACK 0x40, PUBREC 0x50, PUBREL 0x62, PUBCOMP 0x70). */
    static int ack(byte[] into, int off, int first, int packetId) {
        into[off] = (byte) first;
        into[off + 1] = 2;
        into[off + 2] = (byte) (packetId >> 8);
        into[off + 3] = (byte) packetId;
        return off + 4;
    }

    static int varIntSize(int v) {
        return v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4;
    }

    static int varInt(byte[] b, int off, int v) {
        do {
            int d = v & 0x7F;
            v >>>= 7;
            b[off++] = (byte) (v > 0 ? d | 0x80 : d);
        } while (v > 0);
        return off;
    }

    /** What a frame parser reports: one whole packet, its body at {@code buf[off, off+len)}. */
    interface Frames {
        void packet(int first, byte[] buf, int off, int len);
    }

    /**
     * Splits a stream into packets without copying those that lie within one read; keeps a
     * carry-over of a partial packet.
     */
    static final class Parser {
        private byte[] carry = new byte[64 * 1024];
        private int carryLen;

        void feed(byte[] buf, int off, int len, Frames out) {
            if (carryLen > 0) {
                if (carry.length < carryLen + len) {
                    carry = java.util.Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + len));
                }
                System.arraycopy(buf, off, carry, carryLen, len);
                int total = carryLen + len;
                carryLen = 0;
                parse(carry, 0, total, out, true);
            } else {
                parse(buf, off, len, out, false);
            }
        }

        private void parse(byte[] b, int off, int len, Frames out, boolean inCarry) {
            int end = off + len;
            int pos = off;
            while (pos < end) {
                int p = pos + 1;
                int remaining = 0;
                int shift = 0;
                boolean complete = false;
                while (p < end) {
                    int d = b[p++] & 0xFF;
                    remaining |= (d & 0x7F) << shift;
                    shift += 7;
                    if ((d & 0x80) == 0) {
                        complete = true;
                        break;
                    }
                }
                if (!complete || end - p < remaining) {
                    break;
                }
                out.packet(b[pos] & 0xFF, b, p, remaining);
                pos = p + remaining;
            }
            int left = end - pos;
            if (left > 0) {
                if (inCarry) {
                    System.arraycopy(b, pos, carry, 0, left);
                } else {
                    if (carry.length < left) {
                        carry = new byte[Math.max(carry.length * 2, left)];
                    }
                    System.arraycopy(b, pos, carry, 0, left);
                }
            }
            carryLen = left;
        }
    }
}
