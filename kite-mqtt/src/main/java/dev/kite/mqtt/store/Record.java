package dev.kite.mqtt.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of one log record, big-endian:
 *
 * <pre>
 * int  length   bytes after the CRC field (kind, id, op, value): 10 + value length
 * int  crc      CRC32C of the length field and of those bytes
 * byte kind     0 OUTBOUND, 1 INBOUND
 * long id
 * byte op       1 PUT, 2 DELETE, 3 RESET (forget every earlier record)
 * byte[] value  PUT only
 * </pre>
 *
 * The CRC covers the length field too, so a damaged length is caught as a CRC mismatch.
 */
final class Record {
    /** Length and CRC fields. */
    static final int HEADER = 8;
    /** Kind, id and op. */
    static final int FIXED = 10;
    /**
     * The largest value: a session's outbound record of the largest PUBLISH, 7 bytes of its own
     * header plus topic and payload, which a remaining length of at most 268,435,455 holds with at
     * least 2 more bytes; as large as an MQTT packet of that remaining length with its fixed header.
     * Recovery trusts no declared length above it.
     */
    static final int MAX_VALUE = 268_435_460;

    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte RESET = 3;

    private Record() {
    }

    /** The size on disk of a record holding a value of this length. */
    static int size(int valueLength) {
        return HEADER + FIXED + valueLength;
    }

    /** Whether a length field could belong to a record. */
    static boolean plausibleLength(int length) {
        return length >= FIXED && length <= FIXED + MAX_VALUE;
    }

    /** Writes a record into {@code buf} from position 0 and flips it for writing out. */
    static void encode(ByteBuffer buf, byte op, StoreKey key, byte[] value) {
        buf.clear();
        buf.putInt(FIXED + value.length);
        buf.putInt(0);
        buf.put((byte) key.kind().ordinal());
        buf.putLong(key.id());
        buf.put(op);
        buf.put(value);
        buf.flip();
        buf.putInt(4, crc(buf, FIXED + value.length));
    }

    /**
     * The CRC of the record in {@code buf} starting at position 0: its length field and the
     * {@code length} bytes after the CRC field. Leaves the buffer's position and limit as they were.
     */
    static int crc(ByteBuffer buf, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(4));
        crc.update(buf.duplicate().position(HEADER).limit(HEADER + length));
        return (int) crc.getValue();
    }
}
