package dev.kite.mqtt.internal.codec;

/**
 * A cursor over an exactly sized {@code byte[]}: the encoder measures a packet first, allocates
 * once, and fills it with these calls. Writing past the end is a bug in the measuring and
 * surfaces as {@link ArrayIndexOutOfBoundsException}.
 */
final class ByteWriter {
    private final byte[] buf;
    private int pos;

    ByteWriter(int size) {
        this.buf = new byte[size];
    }

    void u8(int b) {
        buf[pos++] = (byte) b;
    }

    void u16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
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
        if (pos != buf.length) {
            throw new IllegalStateException("encoder wrote " + pos + " bytes into a packet measured at " + buf.length);
        }
        return buf;
    }
}
