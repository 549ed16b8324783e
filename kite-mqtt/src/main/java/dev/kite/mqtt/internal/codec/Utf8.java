package dev.kite.mqtt.internal.codec;

/**
 * Encoding side of the UTF-8 strings of MQTT: a two-byte length, then at most 65,535 bytes of
 * well-formed UTF-8 without U+0000 (section 1.5.3). The decoding side lives in {@link PacketReader},
 * which owns a reusable {@link java.nio.charset.CharsetDecoder}.
 *
 * <p>Strings are measured and then written straight into the packet's array, so encoding never
 * makes an intermediate {@code byte[]} per string.
 */
final class Utf8 {
    /** The longest string, in bytes, that a two-byte length prefix can describe (section 1.5.3). */
    static final int MAX_LENGTH = 65_535;

    private Utf8() {
    }

    /**
     * Returns the number of UTF-8 bytes of {@code s}, without the length prefix.
     *
     * @param what what the string is, for the error message, such as {@code "CONNECT: client identifier"}
     * @throws IllegalArgumentException if {@code s} is null, contains U+0000 or an unpaired surrogate, or
     *     takes more than 65,535 bytes
     */
    static int length(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                // [MQTT-1.5.3-2] U+0000 must not appear in a string
                throw new IllegalArgumentException(what + ": must not contain U+0000 (at index " + i
                        + ") [MQTT-1.5.3-2]");
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                // [MQTT-1.5.3-1] an unpaired surrogate has no well-formed UTF-8 encoding
                throw new IllegalArgumentException(what + ": unpaired surrogate at index " + i
                        + " is not well-formed UTF-8 [MQTT-1.5.3-1]");
            } else {
                n += 3;
            }
        }
        if (n > MAX_LENGTH) {
            throw new IllegalArgumentException(what + ": " + n + " bytes of UTF-8, must be at most "
                    + MAX_LENGTH + " (section 1.5.3)");
        }
        return n;
    }

    /**
     * Writes the UTF-8 bytes of {@code s}, already checked by {@link #length}, into {@code buf}.
     *
     * @return the offset after the last byte written
     */
    static int write(String s, byte[] buf, int off) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[off++] = (byte) c;
            } else if (c < 0x800) {
                buf[off++] = (byte) (0xC0 | c >> 6);
                buf[off++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[off++] = (byte) (0xF0 | cp >> 18);
                buf[off++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[off++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[off++] = (byte) (0x80 | cp & 0x3F);
            } else {
                buf[off++] = (byte) (0xE0 | c >> 12);
                buf[off++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[off++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return off;
    }
}
