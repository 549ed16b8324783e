package dev.kite.mqtt.internal.codec;

/**
 * A cursor over an exactly measured region of a {@code byte[]}: the encoder measures a packet
 * first, then fills its own array or a region of the writer's buffer with these calls. Writing
 * past the end of the array is a bug in the measuring and surfaces as
 * {@link ArrayIndexOutOfBoundsException}; {@link #done} catches the rest.
 */
final class ByteWriter {
    private final byte[] buf;
    private final int end;
    private int pos;

    /** A writer over a new array of {@code size} bytes. */
    ByteWriter(int size) {
        this(new byte[size], 0, size);
    }

    /** A writer over {@code buf[from, from + len)}. */
    ByteWriter(byte[] buf, int from, int len) {
        this.buf = buf;
        this.pos = from;
        this.end = from + len;
    }

    void u8(int b) {
        buf[pos++] = (byte) b;
    }

    void u16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        u16((int) (v >>> 16));
        u16((int) v);
    }

    void varInt(int v) {
        pos = VarInt.write(v, buf, pos);
    }

    /**
     * Writes a length-prefixed UTF-8 string already checked by {@link Utf8#length}: the characters
     * first, then the prefix in the two bytes left for it, so the string is scanned only once here.
     */
    void string(String s) {
        int start = pos;
        pos = Utf8.write(s, buf, start + 2);
        int n = pos - start - 2;
        buf[start] = (byte) (n >>> 8);
        buf[start + 1] = (byte) n;
    }

    /** Writes length-prefixed binary data (section 1.5.3), such as a will message or a password. */
    void binary(byte[] data) {
        u16(data.length);
        System.arraycopy(data, 0, buf, pos, data.length);
        pos += data.length;
    }

    /** Returns the filled array; fails if the measured size and the bytes written disagree. */
    byte[] done() {
        if (pos != end) {
            throw new IllegalStateException("encoder stopped at " + pos + " in a packet measured to end at " + end);
        }
        return buf;
    }
}
