package dev.kite.mqtt.internal.codec;

/**
 * The Remaining Length field of the fixed header: a variable length integer of one to four
 * bytes, seven bits each, least significant group first, the high bit saying "more follows"
 * (section 2.2.3).
 */
final class VarInt {
    /** The largest remaining length four bytes can carry (section 2.2.3). */
    static final int MAX = 268_435_455;

    /** The most bytes a remaining length may take (section 2.2.3). */
    static final int MAX_BYTES = 4;

    private VarInt() {
    }

    /**
     * Returns how many bytes {@code value} takes on the wire.
     *
     * @throws IllegalArgumentException if it is negative or above {@link #MAX}
     */
    static int size(int value) {
        check(value);
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        if (value < 2_097_152) {
            return 3;
        }
        return 4;
    }

    /**
     * Writes {@code value} into {@code buf} at {@code off}.
     *
     * @return the offset after the last byte written
     * @throws IllegalArgumentException if it is negative or above {@link #MAX}
     */
    static int write(int value, byte[] buf, int off) {
        check(value);
        int v = value;
        do {
            int digit = v & 0x7F;
            v >>>= 7;
            buf[off++] = (byte) (v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
        return off;
    }

    private static void check(int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("remaining length " + value + ": must be 0 to " + MAX
                    + " (section 2.2.3)");
        }
    }
}
